import {
  type Channel,
  channel,
  type TracingChannel,
  tracingChannel,
} from 'node:diagnostics_channel';
import type { LeaseEvent, OperationContext, RefreshTraceContext } from './trace-context.js';

/** The store operations that publish a TracingChannel named `tokenstore:<operation>`. */
export const TRACED_OPERATIONS = [
  'findToken',
  'findTokenById',
  'saveToken',
  'deleteToken',
  'getTokens',
  'tokens',
  'deleteTokens',
  'close',
  'reencrypt',
  'ping',
] as const;

/** One of {@link TRACED_OPERATIONS}. */
export type TracedOperation = (typeof TRACED_OPERATIONS)[number];

/** The name of the TracingChannel of `operation`, e.g. `tokenstore:findToken`. */
export function operationChannelName(operation: TracedOperation): string {
  return `tokenstore:${operation}`;
}

/** The TracingChannel around each call of the refresh function (`tokenstore:refresh`). */
export const REFRESH_CHANNEL = 'tokenstore:refresh';

/** The plain channel of refresh lease events (`tokenstore:lease`). */
export const LEASE_CHANNEL = 'tokenstore:lease';

// Created once: diagnostics_channel keeps channels by name, creating them here costs nothing
// per call, and `hasSubscribers` on them is the whole cost when nobody listens.
export const operationChannels: {
  readonly [K in TracedOperation]: TracingChannel<unknown, OperationContext>;
} = Object.fromEntries(
  TRACED_OPERATIONS.map((operation) => [
    operation,
    tracingChannel<unknown, OperationContext>(operationChannelName(operation)),
  ]),
) as { [K in TracedOperation]: TracingChannel<unknown, OperationContext> };

export const refreshChannel: TracingChannel<unknown, RefreshTraceContext> = tracingChannel<
  unknown,
  RefreshTraceContext
>(REFRESH_CHANNEL);

export const leaseChannel: Channel<unknown, LeaseEvent> = channel(LEASE_CHANNEL) as Channel<
  unknown,
  LeaseEvent
>;
