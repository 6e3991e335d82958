import { isRefreshError } from '../refresh/refresh-error.js';
import { refreshChannel } from './channels.js';
import type { RefreshTraceContext } from './trace-context.js';

/**
 * Runs one call of the refresh function inside the `tokenstore:refresh` TracingChannel. The
 * refreshed fields never reach the channel (`result` stays undefined); a failure is the
 * `RefreshError`, whose message and reason hold no token value.
 */
export function traceRefresh<T>(
  tokenId: string,
  holderId: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!refreshChannel.hasSubscribers) return work();
  const context: RefreshTraceContext = { operation: 'refresh', tokenId, holderId };
  let value: T;
  return refreshChannel
    .tracePromise(async () => {
      try {
        value = await work();
      } catch (error) {
        context.outcome = 'failed';
        if (isRefreshError(error)) {
          context.permanent = error.permanent;
          context.reason = error.reason;
        }
        throw error;
      }
      context.outcome = 'refreshed';
    }, context)
    .then(() => value);
}
