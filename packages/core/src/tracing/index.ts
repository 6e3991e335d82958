export {
  LEASE_CHANNEL,
  operationChannelName,
  REFRESH_CHANNEL,
  TRACED_OPERATIONS,
  type TracedOperation,
} from './channels.js';
export type {
  LeaseEvent,
  OperationContext,
  RefreshTraceContext,
  TraceKeyKind,
  TraceOutcome,
} from './trace-context.js';
