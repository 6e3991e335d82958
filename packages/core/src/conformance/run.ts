import { conformanceCases } from './cases/index.js';
import { createContext } from './context.js';
import { seedOf, timeoutOf } from './settings.js';
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

/** The identifying fields of a case's result: name, group, case, and the seed of generated ones. */
export function resultOf(
  testCase: ConformanceCase,
  options: ConformanceOptions,
): Pick<CaseResult, 'name' | 'group' | 'case' | 'seed'> {
  return {
    name: caseName(testCase),
    group: testCase.group,
    case: testCase.name,
    ...(testCase.seeded ? { seed: seedOf(options) } : {}),
  };
}

/** Rejects after `ms` unless `work` settles first. */
async function withinTime(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the case did not finish within ${ms} ms (option timeoutMs)`)),
      ms,
    );
  });
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one case; resolves on success and rejects with the case's failure. Fails after
 * `options.timeoutMs` (default 120 s); a runner binding that enforces its own timeout passes
 * `{ timeout: false }`.
 */
export async function runCase(
  testCase: ConformanceCase,
  options: ConformanceOptions,
  { timeout = true }: { timeout?: boolean } = {},
): Promise<void> {
  const { context, dispose } = createContext(options);
  try {
    const work = testCase.run(context);
    await (timeout ? withinTime(work, timeoutOf(options)) : work);
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
 * const { failed } = await runConformance(byNamespace((namespace) => new MyStore({ namespace })));
 * for (const { group, case: name, seed, error } of failed) console.error(group, name, seed, error);
 */
export async function runConformance(options: RunConformanceOptions): Promise<ConformanceResult> {
  const result: ConformanceResult = { passed: [], failed: [], skipped: [] };
  for (const testCase of conformanceCases) {
    if (options.filter !== undefined && !options.filter(testCase)) continue;
    const identity = resultOf(testCase, options);
    const reason = skipReason(testCase, options);
    if (reason !== undefined) {
      result.skipped.push({ ...identity, reason });
      options.onResult?.({ ...identity, reason, status: 'skipped' });
      continue;
    }
    const started = performance.now();
    try {
      await runCase(testCase, options);
      const passed = { ...identity, durationMs: Math.round(performance.now() - started) };
      result.passed.push(passed);
      options.onResult?.({ ...passed, status: 'passed' });
    } catch (error) {
      const failed = { ...identity, durationMs: Math.round(performance.now() - started), error };
      result.failed.push(failed);
      options.onResult?.({ ...failed, status: 'failed' });
    }
  }
  return result;
}
