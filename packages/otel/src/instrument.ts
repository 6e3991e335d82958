import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import {
  type Attributes,
  context,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import {
  LEASE_CHANNEL,
  type LeaseEvent,
  type OperationContext,
  operationChannelName,
  REFRESH_CHANNEL,
  type RefreshTraceContext,
  TRACED_OPERATIONS,
} from '@tokenstore/core';
import { ATTR } from './attributes.js';
import { createInstruments } from './instruments.js';

/** Options of {@link instrumentTokenStores}. */
export interface TokenStoreInstrumentationOptions {
  /** Where spans go. Default: the global tracer provider. */
  tracerProvider?: TracerProvider;
  /** Where metrics go. Default: the global meter provider. */
  meterProvider?: MeterProvider;
}

/** What {@link instrumentTokenStores} returns. */
export interface TokenStoreInstrumentation {
  /** Unsubscribes from every channel: no more spans or metrics. Idempotent. */
  disable(): void;
}

const SCOPE = '@tokenstore/otel';

interface Running {
  readonly span: Span;
  readonly started: number;
}

/** The message of an error, which for a store or refresh error never holds a token value. */
function messageOf(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}

/**
 * Subscribes to tokenstore's diagnostics channels and turns them into OpenTelemetry spans (one
 * per store operation, `tokenstore.<operation>`, and one per refresh, `tokenstore.refresh`) and
 * metrics (operation duration, errors by code, save retries and conflicts, refreshes, lease
 * events and take-overs). Covers every store built on `BackedTokenStore` in this process. No
 * attribute holds a token value: only operation, store description, key kind, outcome, counts,
 * error codes and messages (which never contain a secret), token ids and holder names.
 *
 * ```ts
 * import { instrumentTokenStores } from '@tokenstore/otel';
 * const instrumentation = instrumentTokenStores(); // global providers
 * // ... later
 * instrumentation.disable();
 * ```
 */
export function instrumentTokenStores(
  options: TokenStoreInstrumentationOptions = {},
): TokenStoreInstrumentation {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
  const instruments = createInstruments(meter);
  const undo: (() => void)[] = [];

  for (const operation of TRACED_OPERATIONS) {
    const running = new WeakMap<object, Running>();
    const channel = tracingChannel<unknown, OperationContext>(operationChannelName(operation));
    const handlers = {
      start(message: OperationContext) {
        const attributes: Attributes = {
          [ATTR.operation]: message.operation,
          [ATTR.store]: message.store,
        };
        if (message.keyKind !== undefined) attributes[ATTR.keyKind] = message.keyKind;
        const span = tracer.startSpan(
          `tokenstore.${message.operation}`,
          { kind: SpanKind.CLIENT, attributes },
          context.active(),
        );
        running.set(message, { span, started: performance.now() });
      },
      end() {},
      asyncStart() {},
      error() {},
      asyncEnd(message: OperationContext) {
        const run = running.get(message);
        if (run === undefined) return;
        running.delete(message);
        finishOperation(run, message);
      },
    };
    channel.subscribe(handlers);
    undo.push(() => channel.unsubscribe(handlers));
  }

  function finishOperation({ span, started }: Running, message: OperationContext): void {
    const outcome = message.outcome ?? 'error';
    span.setAttribute(ATTR.outcome, outcome);
    if (message.retries > 0) span.setAttribute(ATTR.retries, message.retries);
    if (message.count !== undefined) span.setAttribute(ATTR.count, message.count);
    const metricAttributes: Attributes = {
      [ATTR.operation]: message.operation,
      [ATTR.store]: message.store,
      [ATTR.outcome]: outcome,
    };
    if (message.errorCode !== undefined || message.error !== undefined) {
      const code = message.errorCode ?? 'unknown';
      span.setAttribute(ATTR.errorType, code);
      const description = messageOf(message.error);
      span.setStatus(
        description === undefined
          ? { code: SpanStatusCode.ERROR }
          : { code: SpanStatusCode.ERROR, message: description },
      );
      instruments.errors.add(1, {
        [ATTR.operation]: message.operation,
        [ATTR.store]: message.store,
        [ATTR.errorType]: code,
      });
      metricAttributes[ATTR.errorType] = code;
    }
    if (outcome === 'conflict' || outcome === 'duplicate') {
      instruments.conflicts.add(1, { [ATTR.store]: message.store, [ATTR.outcome]: outcome });
    }
    if (message.retries > 0) {
      instruments.retries.add(message.retries, { [ATTR.store]: message.store });
    }
    instruments.duration.record((performance.now() - started) / 1000, metricAttributes);
    span.end();
  }

  const refreshes = new WeakMap<object, Running>();
  const refreshChannel = tracingChannel<unknown, RefreshTraceContext>(REFRESH_CHANNEL);
  const refreshHandlers = {
    start(message: RefreshTraceContext) {
      const span = tracer.startSpan(
        'tokenstore.refresh',
        {
          kind: SpanKind.CLIENT,
          attributes: { [ATTR.tokenId]: message.tokenId, [ATTR.holderId]: message.holderId },
        },
        context.active(),
      );
      refreshes.set(message, { span, started: performance.now() });
    },
    end() {},
    asyncStart() {},
    error() {},
    asyncEnd(message: RefreshTraceContext) {
      const run = refreshes.get(message);
      if (run === undefined) return;
      refreshes.delete(message);
      const outcome = message.outcome ?? 'failed';
      const attributes: Attributes = { [ATTR.outcome]: outcome };
      if (message.permanent !== undefined) attributes[ATTR.permanent] = message.permanent;
      if (message.reason !== undefined) attributes[ATTR.reason] = message.reason;
      run.span.setAttributes(attributes);
      if (outcome === 'failed') {
        const description = messageOf(message.error);
        run.span.setStatus(
          description === undefined
            ? { code: SpanStatusCode.ERROR }
            : { code: SpanStatusCode.ERROR, message: description },
        );
      }
      instruments.refreshes.add(1, attributes);
      run.span.end();
    },
  };
  refreshChannel.subscribe(refreshHandlers);
  undo.push(() => refreshChannel.unsubscribe(refreshHandlers));

  const onLease = (raw: unknown) => {
    const message = raw as LeaseEvent;
    instruments.leaseEvents.add(1, {
      [ATTR.leaseEvent]: message.event,
      [ATTR.store]: message.store,
    });
    if (message.event === 'takenOver') {
      instruments.takeovers.add(1, { [ATTR.store]: message.store });
    }
    trace.getActiveSpan()?.addEvent(`tokenstore.lease.${message.event}`, {
      [ATTR.tokenId]: message.tokenId,
    });
  };
  subscribe(LEASE_CHANNEL, onLease);
  undo.push(() => unsubscribe(LEASE_CHANNEL, onLease));

  let enabled = true;
  return {
    disable() {
      if (!enabled) return;
      enabled = false;
      for (const u of undo) u();
    },
  };
}
