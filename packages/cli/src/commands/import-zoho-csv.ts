import { readFile } from 'node:fs/promises';
import { copyReport, formatCopyReport, verify } from '../copy-report.js';
import { CopyTally } from '../copy-tally.js';
import { readCsvRecords } from '../csv-records.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { warn, writeJson, writeLine } from '../output.js';
import { createProgress } from '../progress.js';
import { redactUrl } from '../redact-url.js';
import type { CopyItem } from '../run-copy.js';
import { runCopy } from '../run-copy.js';
import { countTokens, withStore } from '../with-store.js';
import { isZohoHeader, zohoRowToToken } from '../zoho-csv.js';
import type { CopyOptions } from './migrate.js';

/** The file's lines as copy items: tokens, and malformed lines with their reason. */
function zohoItems(file: Uint8Array): CopyItem[] {
  const items: CopyItem[] = [];
  let first = true;
  for (const record of readCsvRecords(file)) {
    const where = `line ${record.line}`;
    if (record.kind === 'broken') {
      items.push({ where, malformed: record.reason });
      continue;
    }
    if (first) {
      first = false;
      if (isZohoHeader(record)) continue;
    }
    const row = zohoRowToToken(record);
    items.push(row.ok ? { where, token: row.token } : { where, malformed: row.reason });
  }
  return items;
}

/**
 * `tokenstore import zoho-csv <file> <to>`: imports a Zoho CRM SDK FileStore file (10 columns,
 * or the 9 of SDK 2.x; with or without its header line) into a store, under the file's ids,
 * idempotently like `migrate`. A malformed line is reported by number and reason (never its
 * values) and the import goes on. Exits 1 when any line was not imported.
 */
export async function importZohoCsv(
  file: string,
  to: string,
  options: Omit<CopyOptions, 'pageSize'> & { readonly pageSize: number },
): Promise<ExitCode> {
  const items = zohoItems(await readFile(file));
  return withStore(to, async (target) => {
    const targetBefore = await countTokens(target, options.pageSize);
    if (!options.json && !options.quiet) {
      warn(
        `Importing ${items.length} lines of ${file} into ${redactUrl(to)}` +
          `${options.dryRun ? ', dry run' : ''}`,
      );
    }
    const tally = new CopyTally();
    await runCopy(items, target, tally, {
      concurrency: options.concurrency,
      dryRun: options.dryRun,
      newIds: options.newIds,
      progress: createProgress('import', items.length, { quiet: options.quiet }),
    });
    const targetAfter = await countTokens(target, options.pageSize);
    const verification = verify(tally, targetBefore, targetAfter, options.dryRun);
    const report = copyReport(file, redactUrl(to), options.dryRun, tally, verification);
    await (options.json ? writeJson(report) : writeLine(formatCopyReport(report, 'lines')));
    return report.ok ? EXIT.OK : EXIT.FAILED;
  });
}
