import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import type { TokenInput, TokenStore } from '@tokenstore/core';
import { BoundedPool } from './bounded-pool.js';
import type { CopyTally } from './copy-tally.js';
import { copyToken } from './copy-token.js';
import type { Progress } from './progress.js';

/** How many items are read between two turns given to the event loop. */
const YIELD_EVERY = 64;

/** One item of a copy: a token to copy, or a source line that could not be read as one. */
export type CopyItem =
  | { readonly where: string; readonly token: TokenInput }
  | { readonly where: string; readonly malformed: string };

/** Options of {@link runCopy}. */
export interface RunCopyOptions {
  /** Tokens copied at once. */
  readonly concurrency: number;
  /** Decide every outcome, write nothing. */
  readonly dryRun: boolean;
  /** Leave the source ids behind: the target assigns new ones (`--new-ids`). */
  readonly newIds?: boolean;
  readonly progress: Progress;
  /** Stops reading further items once aborted (Ctrl-C); copies under way finish first. */
  readonly signal?: AbortSignal;
}

/**
 * Copies every item into `target`, `concurrency` at a time, never reading further ahead of the
 * writes than that (so memory stays bounded however long the source), and tallies the outcomes.
 * A store failure (anything but a conflict or invalid token) stops the copy and is thrown; the
 * copy is idempotent, so running it again resumes.
 */
export async function runCopy(
  items: AsyncIterable<CopyItem> | Iterable<CopyItem>,
  target: TokenStore,
  tally: CopyTally,
  options: RunCopyOptions,
): Promise<void> {
  const pool = new BoundedPool(options.concurrency);
  try {
    for await (const item of items) {
      // A synchronous store (SQLite) settles every call within the same turn of the event loop:
      // give it a turn now and then, so that Ctrl-C and the progress bar's redraws get through.
      if (tally.read % YIELD_EVERY === 0) await setImmediatePromise();
      if (options.signal?.aborted) break;
      const position = tally.read++;
      if ('malformed' in item) {
        tally.recordMalformed(position, item.where, item.malformed);
        options.progress.update(tally);
        continue;
      }
      await pool.add(async () => {
        const outcome = await copyToken(target, item.token, {
          dryRun: options.dryRun,
          newIds: options.newIds === true,
        });
        tally.record(position, item.where, outcome);
        options.progress.update(tally);
      });
    }
    await pool.drain();
  } finally {
    options.progress.stop(tally);
  }
}
