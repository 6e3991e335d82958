import type { Capability, ConformanceCase, ConformanceContext } from '../types.js';

/** Builds the cases of one group. */
export function group(
  name: string,
  cases: Record<string, (context: ConformanceContext) => Promise<void>>,
  requires?: readonly Capability[],
): ConformanceCase[] {
  return Object.entries(cases).map(([caseName, run]) => ({
    group: name,
    name: caseName,
    run,
    ...(requires === undefined ? {} : { requires }),
  }));
}
