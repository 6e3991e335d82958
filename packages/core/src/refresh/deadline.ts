/** The longest delay a Node.js timer takes: a longer one fires at once (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Settles as `work` does, or rejects with `onTimeout()` once `deadline` (epoch milliseconds) has
 * passed, whichever comes first. `work` keeps running either way: the caller stops waiting for
 * it, nothing more (a refresh under way still saves its result).
 */
export function beforeDeadline<T>(
  work: Promise<T>,
  deadline: number,
  onTimeout: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout>;
    // A deadline further off than a timer reaches is waited for in several steps.
    const arm = () => {
      const left = deadline - Date.now();
      timer =
        left > MAX_TIMER_MS
          ? setTimeout(arm, MAX_TIMER_MS)
          : setTimeout(() => reject(onTimeout()), Math.max(0, left));
    };
    arm();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
