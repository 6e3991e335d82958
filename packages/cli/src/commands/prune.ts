import { prune } from '@tokenstore/core';
import { parseDuration } from '../duration.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { writeJson, writeLine } from '../output.js';
import { printable } from '../printable.js';
import { redactUrl } from '../redact-url.js';
import { withStore } from '../with-store.js';

/** Options of `tokenstore prune`. */
export interface PruneCommandOptions {
  readonly json: boolean;
  readonly dryRun: boolean;
  /** A duration such as `30d`: tokens not saved for that long. */
  readonly olderThan: string | undefined;
  readonly refreshFailed: boolean;
  readonly expiredLeases: boolean;
  readonly pageSize: number;
}

/** Removes tokens by policy (see core's `prune`); with `--dry-run`, only says what it would. */
export async function pruneCommand(url: string, options: PruneCommandOptions): Promise<ExitCode> {
  const olderThanMs =
    options.olderThan === undefined ? undefined : parseDuration(options.olderThan, '--older-than');
  return withStore(url, async (store) => {
    const result = await prune(
      store,
      {
        ...(olderThanMs === undefined ? {} : { olderThanMs }),
        refreshFailed: options.refreshFailed,
        expiredLeases: options.expiredLeases,
      },
      { dryRun: options.dryRun, pageSize: options.pageSize },
    );
    if (options.json) {
      await writeJson(result);
      return EXIT.OK;
    }
    const verb = options.dryRun ? 'would remove' : 'removed';
    for (const record of result.removed) {
      await writeLine(`${verb} ${printable(record.id)} (${record.reason})`);
    }
    const n = result.removed.length;
    const summary = `${options.dryRun ? 'Would remove' : 'Removed'} ${n} record${n === 1 ? '' : 's'} of ${result.scanned} from ${redactUrl(url)}`;
    const notes = [
      result.changed > 0 ? `${result.changed} left alone (saved meanwhile)` : '',
      result.unknownAge > 0 ? `${result.unknownAge} without updatedAt (age unknown, kept)` : '',
    ].filter((note) => note !== '');
    await writeLine(`${summary}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}.`);
    return EXIT.OK;
  });
}
