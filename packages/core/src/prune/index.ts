export { prune } from './prune.js';
export type {
  PrunedRecord,
  PruneOptions,
  PrunePolicy,
  PruneReason,
  PruneResult,
} from './prune-policy.js';
