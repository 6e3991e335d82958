import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { presentToken } from '../mask.js';
import { warn, write } from '../output.js';
import { withStoreReadOnly } from '../with-store.js';

/** Options of `tokenstore export`. */
export interface ExportOptions {
  /** Write secrets in full; without it they are masked like in `list`. */
  readonly includeSecrets: boolean;
  /** A file to write instead of stdout; created with mode 0600. */
  readonly output: string | undefined;
  readonly pageSize: number;
}

async function writeTo(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Opens `path` for writing with mode 0600. `open`'s mode applies only to a file it creates: an
 * existing file (a 0644 one from an earlier export) is set to 0600 before anything is written.
 */
async function openPrivate(path: string): Promise<FileHandle> {
  const handle = await open(path, 'w', 0o600);
  try {
    await handle.chmod(0o600);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/**
 * `tokenstore export <from>`: every token as one JSON object per line (JSON Lines), page by
 * page. Secrets are masked unless `--include-secrets`.
 */
export async function exportTokens(from: string, options: ExportOptions): Promise<ExitCode> {
  return withStoreReadOnly(from, async (store) => {
    // Opened before the first token is read, so a bad path fails at once.
    const file =
      options.output === undefined
        ? undefined
        : (await openPrivate(options.output)).createWriteStream();
    const emit = (text: string) => (file === undefined ? write(text) : writeTo(file, text));
    let count = 0;
    try {
      for await (const token of store.tokens({ pageSize: options.pageSize })) {
        await emit(`${JSON.stringify(presentToken(token, options.includeSecrets))}\n`);
        count++;
      }
    } finally {
      if (file !== undefined) {
        file.end();
        await once(file, 'close');
      }
    }
    if (options.output !== undefined) {
      warn(`Exported ${count} token${count === 1 ? '' : 's'} to ${options.output}.`);
    }
    return EXIT.OK;
  });
}
