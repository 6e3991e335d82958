/**
 * Registers the conformance suite with Node's built-in test runner (`node --test`): one test
 * per case, inside a `describe`.
 *
 * @example
 * import { byNamespace } from '@tokenstore/core/conformance';
 * import { describeTokenStore } from '@tokenstore/core/node-test';
 * describeTokenStore('MyStore', byNamespace((namespace) => new MyStore({ namespace })));
 * @packageDocumentation
 */
import { describe, it } from 'node:test';
import { registerCases } from './conformance/register.js';
import type { ConformanceOptions } from './conformance/types.js';

/**
 * Registers every conformance case as a `node:test` test under `describe(name)`, each with the
 * suite's `timeoutMs` (default 120 s); cases a declared capability rules out are skipped with
 * the reason.
 */
export function describeTokenStore(name: string, options: ConformanceOptions): void {
  describe(name, () => {
    registerCases(options, ({ title, timeoutMs, skip, run }) => {
      it(title, { timeout: timeoutMs, ...(skip === undefined ? {} : { skip }) }, run);
    });
  });
}
