import { isTokenStoreError } from '../errors.js';
import { operationChannels, type TracedOperation } from './channels.js';
import type { OperationContext, TraceKeyKind, TraceOutcome } from './trace-context.js';

/** What a traced call's body may record on its context (undefined when nobody listens). */
export type OperationTrace = OperationContext | undefined;

function outcomeOfError(error: unknown): TraceOutcome {
  if (isTokenStoreError(error, 'VERSION_CONFLICT')) return 'conflict';
  if (isTokenStoreError(error, 'DUPLICATE_KEY')) return 'duplicate';
  return 'error';
}

/**
 * Runs `work` inside the operation's TracingChannel (start, end, asyncStart, asyncEnd, error).
 * When nobody subscribes it only calls `work`: no context, no description, no key kind.
 * The channel's `result` stays undefined, so no subscriber ever receives a token.
 */
export function traceOperation<T>(
  operation: TracedOperation,
  describe: () => string,
  keyKind: () => TraceKeyKind | undefined,
  work: (trace: OperationTrace) => Promise<T>,
  outcomeOf: (value: T) => TraceOutcome | undefined,
): Promise<T> {
  const channel = operationChannels[operation];
  if (!channel.hasSubscribers) return work(undefined);
  const context: OperationContext = {
    operation,
    store: describe(),
    keyKind: keyKind(),
    retries: 0,
  };
  let value: T;
  return channel
    .tracePromise(async () => {
      try {
        value = await work(context);
      } catch (error) {
        context.outcome = outcomeOfError(error);
        const code = (error as { code?: unknown } | null)?.code;
        if (typeof code === 'string') context.errorCode = code;
        throw error;
      }
      const outcome = outcomeOf(value);
      if (outcome !== undefined) context.outcome ??= outcome;
    }, context)
    .then(() => value);
}
