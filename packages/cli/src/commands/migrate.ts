import { copyReport, formatCopyReport, verify } from '../copy-report.js';
import { CopyTally } from '../copy-tally.js';
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { openMigrateSource } from '../migrate-source.js';
import { warn, writeJson, writeLine } from '../output.js';
import { createProgress } from '../progress.js';
import { redactUrl } from '../redact-url.js';
import { runCopy } from '../run-copy.js';
import { countTokens, withStore } from '../with-store.js';

/** Options of `tokenstore migrate` and `tokenstore import`. */
export interface CopyOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly dryRun: boolean;
  readonly pageSize: number;
  readonly concurrency: number;
  /** `--new-ids`: the target assigns new ids (merging sources whose ids overlap). */
  readonly newIds: boolean;
}

/**
 * Ctrl-C stops the copy after the tokens under way (the progress bar then restores the cursor
 * and the partial counts are printed); a second Ctrl-C exits at once, cursor shown.
 */
function onInterrupt(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) {
      process.stderr.write('\x1b[?25h\n');
      process.exit(EXIT.INTERRUPTED);
    }
    controller.abort();
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}

/**
 * `tokenstore migrate <from> <to>`: streams every token of `from` (a tokenstore store, or a Zoho
 * SDK store: `zoho-sqlite:` or `zoho-mysql://`, read only) into `to` under its own id (a new one
 * with `newIds`).
 * Idempotent: a token already in `to` with the same values is skipped, one with different
 * values is reported as a conflict and left alone. Ends by checking that `to` grew by exactly
 * the tokens created. Exits 1 when a token was not copied or the counts do not add up.
 */
export async function migrate(from: string, to: string, options: CopyOptions): Promise<ExitCode> {
  if (from === to) throw new UsageError('migrate: the source and the target are the same store');
  const source = await openMigrateSource(from, options.pageSize);
  try {
    return await withStore(to, async (target) => {
      const sourceCount = await source.count();
      const targetBefore = await countTokens(target, options.pageSize);
      if (!options.json && !options.quiet) {
        warn(
          `Migrating ${sourceCount} tokens from ${source.name} to ${redactUrl(to)}` +
            ` (${targetBefore} there already)${options.dryRun ? ', dry run' : ''}` +
            `${options.newIds ? ', new ids' : ''}`,
        );
      }
      const tally = new CopyTally();
      const interrupt = onInterrupt();
      try {
        await runCopy(source.items(), target, tally, {
          concurrency: options.concurrency,
          dryRun: options.dryRun,
          newIds: options.newIds,
          progress: createProgress('migrate', sourceCount, { quiet: options.quiet }),
          signal: interrupt.signal,
        });
      } finally {
        interrupt.dispose();
      }
      if (interrupt.signal.aborted) {
        warn(
          `migrate: interrupted after ${tally.done} of ${sourceCount} tokens ` +
            `(${tally.created} created, ${tally.unchanged} unchanged, ${tally.conflicts} conflicts, ` +
            `${tally.invalid} invalid); run it again to copy the rest`,
        );
        return EXIT.INTERRUPTED;
      }
      const targetAfter = await countTokens(target, options.pageSize);
      if (tally.read !== sourceCount && !options.quiet) {
        warn(
          `note: the source held ${sourceCount} tokens when counted and ${tally.read} when copied: ` +
            'it changed during the migration; run it again to copy what was added',
        );
      }
      const verification = verify(tally, targetBefore, targetAfter, options.dryRun);
      const report = copyReport(source.name, redactUrl(to), options.dryRun, tally, verification);
      await (options.json ? writeJson(report) : writeLine(formatCopyReport(report, 'tokens')));
      return report.ok ? EXIT.OK : EXIT.FAILED;
    });
  } finally {
    await source.close();
  }
}
