/**
 * Registers the conformance suite with vitest: one test per case, inside a `describe`.
 *
 * @example
 * import { byNamespace } from '@tokenstore/core/conformance';
 * import { describeTokenStore } from '@tokenstore/core/vitest';
 * describeTokenStore('MyStore', byNamespace((namespace) => new MyStore({ namespace })));
 * @packageDocumentation
 */
import { describe, it } from 'vitest';
import { registerCases } from './conformance/register.js';
import type { ConformanceOptions } from './conformance/types.js';

/**
 * Registers every conformance case as a vitest test under `describe(name)`, each with the
 * suite's `timeoutMs` (default 120 s) as its vitest timeout; cases a declared capability rules
 * out are registered as skipped, with the reason in their title.
 */
export function describeTokenStore(name: string, options: ConformanceOptions): void {
  describe(name, () => {
    registerCases(options, ({ title, timeoutMs, skip, run }) => {
      if (skip === undefined) it(title, run, timeoutMs);
      else it.skip(`${title} (skipped: ${skip})`, () => {});
    });
  });
}
