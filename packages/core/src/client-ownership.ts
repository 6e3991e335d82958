/**
 * A driver client (or database handle) and whether the store opened it. A store closes only
 * what it opened: a client the caller passed in stays open, the caller owns it.
 */
export interface ClientOwnership<C> {
  readonly client: C;
  /** True when the store opened the client, and so closes it in `close()`. */
  readonly owned: boolean;
}

/** The caller's client when given (not owned), else a new one from `open` (owned). */
export function useClient<C>(given: C | undefined, open: () => C): ClientOwnership<C> {
  return given === undefined ? { client: open(), owned: true } : { client: given, owned: false };
}

/** Closes the client with `close` if the store owns it; leaves a caller's client alone. */
export async function closeIfOwned<C>(
  ownership: ClientOwnership<C>,
  close: (client: C) => unknown,
): Promise<void> {
  if (ownership.owned) await close(ownership.client);
}

/** ` (caller-owned <what>)` for a `describe()` when the caller owns the client, else ``. */
export function ownershipNote(ownership: ClientOwnership<unknown>, what = 'client'): string {
  return ownership.owned ? '' : ` (caller-owned ${what})`;
}
