import { TokenStoreError } from './errors.js';

/**
 * Settles like `work`, or rejects with `STORE_UNAVAILABLE` after `ms` milliseconds (0: never),
 * so that no call hangs forever on a backend that stopped answering.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, operation: string): Promise<T> {
  if (ms <= 0) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new TokenStoreError('STORE_UNAVAILABLE', `${operation} timed out after ${ms} ms`)),
      ms,
    );
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
