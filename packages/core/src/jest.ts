/**
 * Registers the conformance suite with jest: one test per case, inside a `describe`. Uses
 * jest's globals (`describe`, `test`), so it needs no import of jest itself.
 *
 * @example
 * const { byNamespace } = require('@tokenstore/core/conformance');
 * const { describeTokenStore } = require('@tokenstore/core/jest');
 * describeTokenStore('MyStore', byNamespace((namespace) => new MyStore({ namespace })));
 * @packageDocumentation
 */
import { registerCases } from './conformance/register.js';
import type { ConformanceOptions } from './conformance/types.js';

/** The part of jest's globals the binding uses. */
interface JestGlobals {
  describe(name: string, body: () => void): void;
  test: {
    (name: string, body: () => Promise<void>, timeoutMs?: number): void;
    skip(name: string, body: () => void): void;
  };
}

function jestGlobals(): JestGlobals {
  const { describe, test } = globalThis as Partial<JestGlobals>;
  if (typeof describe !== 'function' || typeof test !== 'function') {
    throw new Error(
      '@tokenstore/core/jest: the jest globals describe and test are missing: run this file with jest (injectGlobals on, the default)',
    );
  }
  return { describe, test };
}

/**
 * Registers every conformance case as a jest test under `describe(name)`, each with the
 * suite's `timeoutMs` (default 120 s) as its jest timeout; cases a declared capability rules
 * out are registered as skipped, with the reason in their title.
 */
export function describeTokenStore(name: string, options: ConformanceOptions): void {
  const { describe, test } = jestGlobals();
  describe(name, () => {
    registerCases(options, ({ title, timeoutMs, skip, run }) => {
      if (skip === undefined) test(title, run, timeoutMs);
      else test.skip(`${title} (skipped: ${skip})`, () => {});
    });
  });
}
