import { conformanceCases } from './cases/index.js';
import { createContext } from './context.js';
import type {
  CaseResult,
  ConformanceCase,
  ConformanceOptions,
  ConformanceResult,
} from './types.js';

/** The full name of a case, as results and test runners show it. */
export function caseName(testCase: ConformanceCase): string {
  return `${testCase.group} › ${testCase.name}`;
}

/** Why a case is skipped for these options, or undefined when it runs. */
export function skipReason(
  testCase: ConformanceCase,
  options: ConformanceOptions,
): string | undefined {
  const lacking = (testCase.requires ?? []).filter((c) => options.capabilities?.[c] === false);
  return lacking.length === 0 ? undefined : `the store declares it lacks ${lacking.join(', ')}`;
}

/** Runs one case; resolves on success and rejects with the case's failure. */
export async function runCase(
  testCase: ConformanceCase,
  options: ConformanceOptions,
): Promise<void> {
  const { context, dispose } = createContext(options);
  try {
    await testCase.run(context);
  } finally {
    await dispose();
  }
}

/** Options of {@link runConformance}. */
export interface RunConformanceOptions extends ConformanceOptions {
  /** Run only the cases for which this returns true (all by default). */
  filter?: (testCase: ConformanceCase) => boolean;
  /** Called after each case, for progress output. */
  onResult?: (result: CaseResult & { status: 'passed' | 'failed' | 'skipped' }) => void;
}

/**
 * Runs the whole conformance suite against a store factory, one case after another, and
 * reports each case's outcome. Never throws for a failing case: read `failed`.
 *
 * @example
 * const { failed } = await runConformance({ create: () => new MyStore({ namespace: randomUUID() }) });
 * if (failed.length > 0) console.error(failed);
 */
export async function runConformance(options: RunConformanceOptions): Promise<ConformanceResult> {
  const result: ConformanceResult = { passed: [], failed: [], skipped: [] };
  for (const testCase of conformanceCases) {
    if (options.filter !== undefined && !options.filter(testCase)) continue;
    const name = caseName(testCase);
    const reason = skipReason(testCase, options);
    if (reason !== undefined) {
      result.skipped.push({ name, reason });
      options.onResult?.({ name, reason, status: 'skipped' });
      continue;
    }
    try {
      await runCase(testCase, options);
      result.passed.push({ name });
      options.onResult?.({ name, status: 'passed' });
    } catch (error) {
      result.failed.push({ name, error });
      options.onResult?.({ name, error, status: 'failed' });
    }
  }
  return result;
}
