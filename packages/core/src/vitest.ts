/**
 * Registers the conformance suite with vitest: one test per case, inside a `describe`.
 *
 * @example
 * import { describeTokenStore } from '@tokenstore/core/vitest';
 * describeTokenStore('my store', { create: () => new MyStore() });
 * @packageDocumentation
 */
import { describe, it } from 'vitest';
import { conformanceCases } from './conformance/cases/index.js';
import { runCase, skipReason } from './conformance/run.js';
import type { ConformanceOptions } from './conformance/types.js';

/** Registers every conformance case as a vitest test under `describe(name)`. */
export function describeTokenStore(name: string, options: ConformanceOptions): void {
  describe(name, () => {
    for (const testCase of conformanceCases) {
      const title = `${testCase.group} › ${testCase.name}`;
      const reason = skipReason(testCase, options);
      if (reason === undefined) {
        it(title, () => runCase(testCase, options));
      } else {
        it.skip(`${title} (skipped: ${reason})`, () => {});
      }
    }
  });
}
