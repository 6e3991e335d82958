import type { TokenInput } from '../token.js';
import type { WorkerError } from './worker-error.js';

/** Messages from the parent to a worker process. */
export type ToWorker =
  | { type: 'open'; factory: string; namespace: string }
  | {
      type: 'save';
      inputs: TokenInput[];
      expectedVersion?: number;
      /** When to start them (`Date.now()` time): every process at the same moment. */
      startAt?: number;
    }
  | { type: 'close' };

/** The outcome of one save in a worker; a failure carries the store's error, secrets redacted. */
export type SaveOutcome =
  | { ok: true; id: string; version: number }
  | { ok: false; code: string; message: string; error: WorkerError };

/** Messages from a worker process to the parent. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'saved'; outcomes: SaveOutcome[] }
  | { type: 'failed'; message: string; error: WorkerError };
