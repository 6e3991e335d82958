import { isTokenStoreError } from './is-token-store-error.js';
import { TokenStoreError } from './token-store-error.js';

/**
 * What a backend's error may say about itself; core reads it when it wraps the error. A
 * backend sets these on the errors it throws (its driver-error class) so that an operator reads
 * the driver's own reason and is told whether retrying may help.
 */
export interface BackendFailureInfo {
  /**
   * The driver's reason, safe to show: it names the server (`connect ECONNREFUSED
   * 127.0.0.1:6399`, `WRONGPASS invalid username-password pair`), never a token value or a
   * password. Without it core shows the error's name and code only (a message may quote data).
   */
  readonly reason?: string;
  /**
   * True when the backend refused the store's configuration (no or wrong credentials, a table
   * or collection that is not the store's): core reports `STORE_MISCONFIGURED`, not retryable.
   */
  readonly misconfigured?: boolean;
}

/** The reason of an error that gave none: its name and code, never its message. */
function fallbackReason(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'the backend failed';
  const { name, code } = error as { name?: unknown; code?: unknown };
  const label = typeof name === 'string' && name !== '' ? name : 'the backend failed';
  return typeof code === 'string' || typeof code === 'number' ? `${label} (${code})` : label;
}

/** The reason a backend's error gives (see {@link BackendFailureInfo}), or its name and code. */
export function reasonOf(error: unknown): string {
  const reason = (error as BackendFailureInfo | null)?.reason;
  return typeof reason === 'string' && reason !== '' ? reason : fallbackReason(error);
}

/**
 * The message of a store that could not do `operation`: names the store, the driver's reason,
 * and whether retrying may help.
 */
export function failureMessage(
  operation: string,
  store: string,
  reason: string,
  misconfigured: boolean,
): string {
  const verdict = misconfigured
    ? 'a configuration error: retrying will not help until it is fixed'
    : 'retrying may work';
  return `${operation} on ${store}: ${reason}; ${verdict}`;
}

/**
 * Wraps whatever a backend threw as `STORE_UNAVAILABLE`, or `STORE_MISCONFIGURED` when the
 * error says the configuration was refused, naming the operation and the store. A token store
 * error passes through, except that a backend's own `STORE_UNAVAILABLE`/`STORE_MISCONFIGURED`
 * without a store is wrapped once more so that its message names the store.
 */
export function backendFailure(error: unknown, operation: string, store: () => string): unknown {
  if (isTokenStoreError(error)) {
    if (error.store !== undefined) return error;
    if (error.code !== 'STORE_UNAVAILABLE' && error.code !== 'STORE_MISCONFIGURED') return error;
    const where = store();
    const reason = error.reason ?? error.message;
    return new TokenStoreError(error.code, `${operation} on ${where}: ${error.message}`, {
      cause: error,
      operation,
      store: where,
      reason,
    });
  }
  const where = store();
  const reason = reasonOf(error);
  const misconfigured = (error as BackendFailureInfo | null)?.misconfigured === true;
  return new TokenStoreError(
    misconfigured ? 'STORE_MISCONFIGURED' : 'STORE_UNAVAILABLE',
    failureMessage(operation, where, reason, misconfigured),
    { cause: error, operation, store: where, reason },
  );
}
