/**
 * A set-up step (creating a table, indexes, a server check) run once, on first use, for every
 * caller: they share one promise. One that failed runs again on the next call instead of
 * failing every later call (the server may be back).
 */
export function setUpOnce<T>(setUp: () => Promise<T>): () => Promise<T> {
  let done: Promise<T> | undefined;
  return () => {
    done ??= setUp().catch((error: unknown) => {
      done = undefined;
      throw error;
    });
    return done;
  };
}
