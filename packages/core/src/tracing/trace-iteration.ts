import { operationChannels } from './channels.js';
import type { OperationContext } from './trace-context.js';

/**
 * Traces a whole iteration of `tokens()` as one `tokenstore:tokens` call: `start` at the first
 * page, `asyncEnd` when the iteration ends (done, left early, or failed), `count` the tokens
 * yielded. Only used when somebody subscribes; the tokens themselves never reach the channel.
 */
export async function* traceIteration<T>(
  describe: () => string,
  source: AsyncGenerator<T, void, undefined>,
): AsyncGenerator<T, void, undefined> {
  const context: OperationContext = {
    operation: 'tokens',
    store: describe(),
    keyKind: undefined,
    retries: 0,
    count: 0,
  };
  let settle: (error?: { error: unknown }) => void = () => {};
  const finished = new Promise<void>((resolve, reject) => {
    settle = (failure) => (failure === undefined ? resolve() : reject(failure.error));
  });
  operationChannels.tokens
    .tracePromise(async () => {
      try {
        await finished;
      } catch (error) {
        context.outcome = 'error';
        const code = (error as { code?: unknown } | null)?.code;
        if (typeof code === 'string') context.errorCode = code;
        throw error;
      }
      context.outcome = 'ok';
    }, context)
    .catch(() => {}); // the caller gets the error from the iteration itself
  let failure: { error: unknown } | undefined;
  try {
    for await (const item of source) {
      context.count = (context.count ?? 0) + 1;
      yield item;
    }
  } catch (error) {
    failure = { error };
    throw error;
  } finally {
    settle(failure);
  }
}
