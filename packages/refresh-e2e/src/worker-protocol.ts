import type { CallerPlan, CallerReport } from './callers.ts';
import type { StoreConfig } from './store-config.ts';

/** How a worker opens its stores: passed as JSON in the TOKENSTORE_REFRESH_WORKER variable. */
export interface WorkerSetup {
  config: StoreConfig;
  namespace: string;
  sameStore: boolean;
}

/** The environment variable that carries a {@link WorkerSetup}. */
export const SETUP_VARIABLE = 'TOKENSTORE_REFRESH_WORKER';

export type ToWorker = { type: 'run'; plan: CallerPlan } | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'report'; callers: CallerReport[] }
  | { type: 'failed'; message: string };
