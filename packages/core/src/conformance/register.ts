import { conformanceCases } from './cases/index.js';
import { caseName, runCase, skipReason } from './run.js';
import { timeoutOf } from './settings.js';
import type { ConformanceCase, ConformanceOptions } from './types.js';

/** One case as a runner binding registers it. */
export interface CaseRegistration {
  /** `group › case` */
  readonly title: string;
  readonly testCase: ConformanceCase;
  /** The runner's timeout for this test. */
  readonly timeoutMs: number;
  /** Why the case is skipped, or undefined. */
  readonly skip: string | undefined;
  /** Runs the case (the runner enforces the timeout). */
  readonly run: () => Promise<void>;
}

/** Calls `register` once per case, in the suite's order: what each runner binding shares. */
export function registerCases(
  options: ConformanceOptions,
  register: (registration: CaseRegistration) => void,
): void {
  const timeoutMs = timeoutOf(options);
  for (const testCase of conformanceCases) {
    register({
      title: caseName(testCase),
      testCase,
      timeoutMs,
      skip: skipReason(testCase, options),
      run: () => runCase(testCase, options, { timeout: false }),
    });
  }
}
