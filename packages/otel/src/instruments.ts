import type { Counter, Histogram, Meter } from '@opentelemetry/api';

/** The metrics this package records. */
export interface Instruments {
  /** `tokenstore.operation.duration` (s), by operation, store and outcome. */
  readonly duration: Histogram;
  /** `tokenstore.operation.errors`, by operation, store and `error.type` (the error code). */
  readonly errors: Counter;
  /** `tokenstore.save.retries`: saves tried again after losing a race with another writer. */
  readonly retries: Counter;
  /** `tokenstore.save.conflicts`: saves rejected with VERSION_CONFLICT or DUPLICATE_KEY. */
  readonly conflicts: Counter;
  /** `tokenstore.refreshes`, by outcome (`refreshed`, `failed`) and `permanent`. */
  readonly refreshes: Counter;
  /** `tokenstore.lease.events`, by event (`acquired`, `takenOver`, `released`, ...). */
  readonly leaseEvents: Counter;
  /** `tokenstore.lease.takeovers`: expired leases (of a dead or slow holder) taken over. */
  readonly takeovers: Counter;
}

export function createInstruments(meter: Meter): Instruments {
  return {
    duration: meter.createHistogram('tokenstore.operation.duration', {
      description: 'Duration of token store operations',
      unit: 's',
    }),
    errors: meter.createCounter('tokenstore.operation.errors', {
      description: 'Token store operations that failed, by error code',
    }),
    retries: meter.createCounter('tokenstore.save.retries', {
      description: 'Saves tried again after losing a race with a concurrent writer',
    }),
    conflicts: meter.createCounter('tokenstore.save.conflicts', {
      description: 'Saves rejected with VERSION_CONFLICT or DUPLICATE_KEY',
    }),
    refreshes: meter.createCounter('tokenstore.refreshes', {
      description: 'Calls of the refresh function, by outcome',
    }),
    leaseEvents: meter.createCounter('tokenstore.lease.events', {
      description: 'Refresh lease events',
    }),
    takeovers: meter.createCounter('tokenstore.lease.takeovers', {
      description: 'Expired refresh leases taken over from a dead or slow holder',
    }),
  };
}
