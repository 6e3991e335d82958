import type { StoredToken } from '@tokenstore/core';
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { presentToken } from '../mask.js';
import { write, writeJson, writeLine } from '../output.js';
import { expiryText, printable } from '../printable.js';
import { redactUrl } from '../redact-url.js';
import { columnWidths, tableRow, tableRule } from '../text-table.js';
import { countTokens, withStore, withStoreReadOnly } from '../with-store.js';

/** Options shared by the commands that read tokens. */
export interface ReadOptions {
  readonly json: boolean;
  /** Show secrets in full instead of masked. */
  readonly reveal: boolean;
  readonly pageSize: number;
}

const LIST_COLUMNS = [
  'id',
  'userName',
  'clientId',
  'refreshToken',
  'accessToken',
  'expiresAt',
  'version',
] as const;

function expiry(token: StoredToken): string {
  return token.expiresAt === undefined ? '' : expiryText(token.expiresAt);
}

function listRow(token: StoredToken): string[] {
  return LIST_COLUMNS.map((column) => {
    if (column === 'expiresAt') return expiry(token);
    const value = token[column];
    return value === undefined ? '' : printable(String(value));
  });
}

/**
 * `tokenstore list <url>`: every token, page by page. The table's column widths come from the
 * first page; `--json` streams one JSON array.
 */
export async function list(url: string, options: ReadOptions): Promise<ExitCode> {
  return withStoreReadOnly(url, async (store) => {
    let count = 0;
    if (options.json) {
      await write('[');
      for await (const token of store.tokens({ pageSize: options.pageSize })) {
        await write(
          `${count++ === 0 ? '\n' : ',\n'}  ${JSON.stringify(presentToken(token, options.reveal))}`,
        );
      }
      await writeLine(count === 0 ? ']' : '\n]');
      return EXIT.OK;
    }
    // Column widths come from the first page, so the table streams in bounded memory.
    let page: string[][] = [];
    let widths: number[] | undefined;
    const flush = async () => {
      if (page.length === 0) return;
      if (widths === undefined) {
        widths = columnWidths(LIST_COLUMNS, page);
        await writeLine(`${tableRow(LIST_COLUMNS, widths)}\n${tableRule(widths)}`);
      }
      for (const row of page) await writeLine(tableRow(row, widths));
      page = [];
    };
    for await (const token of store.tokens({ pageSize: options.pageSize })) {
      count++;
      page.push(listRow(presentToken(token, options.reveal)));
      if (page.length >= options.pageSize) await flush();
    }
    await flush();
    await writeLine(
      count === 0 ? `No tokens in ${redactUrl(url)}.` : `\n${count} token${count === 1 ? '' : 's'}`,
    );
    return EXIT.OK;
  });
}

/** `tokenstore show <url> <id>`: one token, every field. Exits 1 when there is none. */
export async function show(
  url: string,
  id: string,
  options: Omit<ReadOptions, 'pageSize'>,
): Promise<ExitCode> {
  return withStoreReadOnly(url, async (store) => {
    const token = await store.findTokenById(id);
    if (token === null) {
      if (options.json) await writeJson(null);
      process.stderr.write(`No token with id ${JSON.stringify(id)} in ${redactUrl(url)}.\n`);
      return EXIT.FAILED;
    }
    const shown = presentToken(token, options.reveal);
    if (options.json) {
      await writeJson(shown);
      return EXIT.OK;
    }
    const width = Math.max(...Object.keys(shown).map((key) => key.length));
    for (const [key, value] of Object.entries(shown)) {
      const text = key === 'expiresAt' ? `${value} (${expiry(token)})` : printable(String(value));
      await writeLine(`${key.padEnd(width)}  ${text}`);
    }
    return EXIT.OK;
  });
}

/** `tokenstore count <url>`. */
export async function count(
  url: string,
  options: Pick<ReadOptions, 'json' | 'pageSize'>,
): Promise<ExitCode> {
  return withStoreReadOnly(url, async (store) => {
    const total = await countTokens(store, options.pageSize);
    await (options.json ? writeJson({ count: total }) : writeLine(String(total)));
    return EXIT.OK;
  });
}

/** `tokenstore delete <url> <id>`. Exits 1 when there was no such token. */
export async function deleteOne(
  url: string,
  id: string,
  options: { readonly json: boolean },
): Promise<ExitCode> {
  return withStore(url, async (store) => {
    const deleted = await store.deleteToken(id);
    if (options.json) await writeJson({ id, deleted });
    else if (deleted) await writeLine(`Deleted token ${id}.`);
    else process.stderr.write(`No token with id ${JSON.stringify(id)} in ${redactUrl(url)}.\n`);
    return deleted ? EXIT.OK : EXIT.FAILED;
  });
}

/** `tokenstore delete-all <url> --yes`. Refuses (usage error) without `--yes`. */
export async function deleteAll(
  url: string,
  options: { readonly json: boolean; readonly yes: boolean; readonly pageSize: number },
): Promise<ExitCode> {
  if (!options.yes) {
    throw new UsageError(
      `delete-all removes every token of ${redactUrl(url)}; add --yes to confirm.`,
    );
  }
  return withStore(url, async (store) => {
    const before = await countTokens(store, options.pageSize);
    await store.deleteTokens();
    if (options.json) await writeJson({ deleted: before });
    else
      await writeLine(`Deleted ${before} token${before === 1 ? '' : 's'} from ${redactUrl(url)}.`);
    return EXIT.OK;
  });
}
