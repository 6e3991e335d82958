// The waits of the stalled-statement suites: each gives up after a bound instead of hanging, so
// that a store that hangs fails its test rather than the test run.

/** Polls `check` every 25 ms until it holds or `ms` have passed. */
export async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check()) && Date.now() < end) await sleep(25);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Settles like `pending`, or with 'still pending' after `ms`. */
export function within<T>(pending: Promise<T>, ms: number): Promise<T | 'still pending'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still pending'>((resolve) => {
    timer = setTimeout(() => resolve('still pending'), ms);
  });
  return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}

/** What `pending` rejects with (undefined when it resolves). */
export function settledError(pending: Promise<unknown>): Promise<unknown> {
  return pending.then(
    () => undefined,
    (error: unknown) => error,
  );
}
