import { conformanceCases, runConformance } from '@tokenstore/core/conformance';
import { checkTarget } from '../check-target.js';
import { checkReport, formatCheckReport } from '../conformance-report.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { warn, writeJson, writeLine } from '../output.js';

/** Options of `tokenstore check`. */
export interface CheckOptions {
  readonly json: boolean;
}

/** A live "12/65 lookup › ..." line on a terminal's stderr while the suite runs. */
function caseProgress(total: number): { onCase(name: string): void; done(): void } {
  if (!process.stderr.isTTY) return { onCase() {}, done() {} };
  let count = 0;
  const width = process.stderr.columns ?? 80;
  return {
    onCase(name) {
      count++;
      process.stderr.write(`\r\x1b[K${`[${count}/${total}] ${name}`.slice(0, width - 1)}`);
    },
    done() {
      process.stderr.write('\r\x1b[K');
    },
  };
}

/**
 * `tokenstore check <url | module>`: the conformance suite against fresh random namespaces of a
 * store URL, or against a module's store factory. Exits 1 when any case fails.
 */
export async function check(target: string, options: CheckOptions): Promise<ExitCode> {
  const resolved = await checkTarget(target);
  const progress = caseProgress(conformanceCases.length);
  const started = performance.now();
  let result: Awaited<ReturnType<typeof runConformance>>;
  try {
    result = await runConformance({
      ...resolved.options,
      onResult: ({ name }) => progress.onCase(name),
    });
  } finally {
    progress.done();
    try {
      await resolved.cleanUp();
    } catch (error) {
      warn(`warning: could not delete the test tokens: ${(error as Error).message}`);
    }
  }
  const report = checkReport(resolved.label, result, Math.round(performance.now() - started));
  if (options.json) await writeJson(report);
  else {
    const groups = [...new Set(conformanceCases.map((testCase) => testCase.group))];
    await writeLine(formatCheckReport(report, groups));
  }
  return report.failed === 0 ? EXIT.OK : EXIT.FAILED;
}
