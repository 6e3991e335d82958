import { type ConformanceOptions, runConformance } from '../src/conformance.js';

/** Settings for the catch tests: a few model runs and a short shrink, so the battery stays fast. */
export const CATCH_SETTINGS = { runs: 3, shrinkTimeMs: 1_000, timeoutMs: 60_000 } as const;

/** Runs the whole suite on a broken thing; returns the names and the groups that failed. */
export async function caughtBy(
  options: ConformanceOptions,
): Promise<{ names: string[]; groups: string[] }> {
  const { failed } = await runConformance({ ...options, ...CATCH_SETTINGS });
  return {
    names: failed.map((r) => r.name),
    groups: [...new Set(failed.map((r) => r.group))],
  };
}
