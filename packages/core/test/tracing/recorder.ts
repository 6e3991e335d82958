import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { inspect } from 'node:util';
import {
  LEASE_CHANNEL,
  operationChannelName,
  REFRESH_CHANNEL,
  TRACED_OPERATIONS,
} from '../../src/index.js';

/** One event as a subscriber saw it: a snapshot of the context at that moment. */
export interface RecordedEvent {
  channel: string;
  event: 'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error' | 'publish';
  context: Record<string, unknown>;
  /** `util.inspect` of the live message, error and cause included: what a logger would print. */
  printed: string;
}

const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const;

/** Subscribes to every tokenstore channel and records every event until `stop()`. */
export function recordTraces() {
  const events: RecordedEvent[] = [];
  const undo: (() => void)[] = [];
  const names = [...TRACED_OPERATIONS.map(operationChannelName), REFRESH_CHANNEL];
  for (const name of names) {
    const channel = tracingChannel(name);
    const handlers = Object.fromEntries(
      EVENTS.map((event) => [
        event,
        (message: unknown) =>
          events.push({
            channel: name,
            event,
            context: { ...(message as object) },
            printed: inspect(message, { depth: Number.POSITIVE_INFINITY }),
          }),
      ]),
    ) as unknown as Parameters<typeof channel.subscribe>[0];
    channel.subscribe(handlers);
    undo.push(() => channel.unsubscribe(handlers));
  }
  const onLease = (message: unknown) =>
    events.push({
      channel: LEASE_CHANNEL,
      event: 'publish',
      context: { ...(message as object) },
      printed: inspect(message, { depth: Number.POSITIVE_INFINITY }),
    });
  subscribe(LEASE_CHANNEL, onLease);
  undo.push(() => unsubscribe(LEASE_CHANNEL, onLease));
  return {
    events,
    /** The asyncEnd contexts of `operation`, in order: one per finished call. */
    ends(operation: string): Record<string, unknown>[] {
      return events
        .filter((e) => e.channel === `tokenstore:${operation}` && e.event === 'asyncEnd')
        .map((e) => e.context);
    },
    leaseEvents(): string[] {
      return events.filter((e) => e.channel === LEASE_CHANNEL).map((e) => String(e.context.event));
    },
    stop(): void {
      for (const u of undo) u();
    },
  };
}
