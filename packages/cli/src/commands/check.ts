import { conformanceCases, runConformance } from '@tokenstore/core/conformance';
import { checkTarget } from '../check-target.js';
import { checkReport, formatCheckReport } from '../conformance-report.js';
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { warn, writeJson, writeLine } from '../output.js';

/** Options of `tokenstore check`. */
export interface CheckOptions {
  readonly json: boolean;
  /** Run only the cases of these groups (`lookup`, `round trip`, ...); every case when empty. */
  readonly groups?: readonly string[];
}

/** The suite's groups, in its order. */
const GROUPS = [...new Set(conformanceCases.map((testCase) => testCase.group))];

/** The groups asked for, checked before anything is opened. */
function selectedGroups(asked: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (asked === undefined || asked.length === 0) return undefined;
  const unknown = asked.filter((group) => !GROUPS.includes(group));
  if (unknown.length > 0) {
    throw new UsageError(
      `check: no such group ${unknown.map((group) => JSON.stringify(group)).join(', ')}; ` +
        `the groups are ${GROUPS.map((group) => JSON.stringify(group)).join(', ')}`,
    );
  }
  return new Set(asked);
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
  const groups = selectedGroups(options.groups);
  const selected =
    groups === undefined
      ? conformanceCases
      : conformanceCases.filter((testCase) => groups.has(testCase.group));
  const resolved = await checkTarget(target);
  const progress = caseProgress(selected.length);
  const started = performance.now();
  let result: Awaited<ReturnType<typeof runConformance>>;
  try {
    result = await runConformance({
      ...resolved.options,
      ...(groups === undefined ? {} : { filter: (testCase) => groups.has(testCase.group) }),
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
  else await writeLine(formatCheckReport(report, GROUPS));
  return report.failed === 0 ? EXIT.OK : EXIT.FAILED;
}
