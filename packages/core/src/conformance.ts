/**
 * The tokenstore conformance suite: the contract as data, runnable against any store.
 *
 * @example
 * import { runConformance } from '@tokenstore/core/conformance';
 * const result = await runConformance({ create: () => new MyStore() });
 * @packageDocumentation
 */

export { byNamespace, freshNamespace } from './conformance/by-namespace.js';
export { conformanceCases } from './conformance/cases/index.js';
export { assertConditionalDeleteAtomic } from './conformance/conditional-delete-race.js';
export { rejectsWith } from './conformance/expect.js';
export {
  type ProcessConformanceOptions,
  runProcessConformance,
} from './conformance/process-conformance.js';
export { type CaseRegistration, registerCases } from './conformance/register.js';
export {
  caseName,
  type RunConformanceOptions,
  resultOf,
  runCase,
  runConformance,
  skipReason,
} from './conformance/run.js';
export {
  assertSecretsSealedAtRest,
  type SealedAtRestOptions,
} from './conformance/sealed-at-rest.js';
export {
  DEFAULT_RUNS,
  DEFAULT_SEED,
  DEFAULT_TIMEOUT_MS,
  RUNS_ENV,
  SEED_ENV,
} from './conformance/settings.js';
export {
  type FactoryModule,
  loadFactory,
  loadFactoryModule,
  type StoreFactory,
} from './conformance/store-factory.js';
export {
  assertTamperingRefused,
  type TamperingOptions,
} from './conformance/tampering-at-rest.js';
export type {
  Capabilities,
  Capability,
  CaseResult,
  ConformanceCase,
  ConformanceContext,
  ConformanceOptions,
  ConformanceResult,
} from './conformance/types.js';
export { fullToken, HOSTILE_STRINGS, largeValue, unique } from './conformance/values.js';
export type { WorkerError } from './conformance/worker-error.js';
