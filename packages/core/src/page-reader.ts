import { TokenStoreError } from './errors.js';

/**
 * Reads a backend's scan page by page and closes it without ever waiting on a scan that hangs:
 * after a timeout the generator is still inside its `await`, and `return()` would only settle
 * once that does, so a stalled scan would hold up `tokens()`, `getTokens()` and `reencrypt()`
 * past `operationTimeoutMs`.
 */
export function pageReader<T>(scan: AsyncIterable<T>) {
  const pages = scan[Symbol.asyncIterator]();
  let running = false;
  return {
    async next(): Promise<IteratorResult<T>> {
      running = true;
      try {
        return await pages.next();
      } finally {
        running = false;
      }
    },
    async close(): Promise<void> {
      const closing = pages.return?.();
      if (closing === undefined) return;
      if (running) {
        closing.catch(() => {}); // it finishes (and releases its cursor) when the scan does
        return;
      }
      await closing;
    },
  };
}

/** Checks a `pageSize` option (absent: `fallback`); `INVALID_TOKEN` naming the operation. */
export function pageSizeOf(value: unknown, fallback: number, operation: string): number {
  const pageSize = value ?? fallback;
  if (typeof pageSize !== 'number' || !Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new TokenStoreError('INVALID_TOKEN', `${operation}: pageSize must be a positive integer`);
  }
  return pageSize;
}
