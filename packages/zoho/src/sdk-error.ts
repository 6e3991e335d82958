import { isTokenStoreError, type RefreshError, TokenStoreError } from '@tokenstore/core';
import type { ZohoSdk } from './sdk-shape.js';

/** The code the SDKs' own FileStore and DBStore give every error they throw. */
export const SDK_TOKEN_STORE_CODE = 'TOKEN_STORE';

/**
 * The SDK's own `SDKException` (code `TOKEN_STORE`, as the SDKs' stores throw), so the SDK and the
 * application handle a store failure as they handle one of the SDK's stores. The tokenstore error
 * is its `cause`: test it with `isTokenStoreError(error.cause, 'STORE_UNAVAILABLE')`.
 *
 * The SDK appends `cause.toString()` to the message, so the cause is always a `TokenStoreError`,
 * whose messages never hold a secret: any other error a store throws is wrapped in one.
 */
export function sdkError(sdk: ZohoSdk, message: string, cause?: unknown): object {
  // `details` must be undefined, not null: the TypeScript SDK appends JSON.stringify(null) otherwise.
  if (cause === undefined) return new sdk.SDKException(SDK_TOKEN_STORE_CODE, message, undefined);
  const storeError = isTokenStoreError(cause)
    ? cause
    : new TokenStoreError('STORE_UNAVAILABLE', 'the token store failed', { cause });
  return new sdk.SDKException(SDK_TOKEN_STORE_CODE, `${message}: `, undefined, storeError);
}

/** The code of the SDKs' own `SDKException` for a token request the accounts server refused. */
export const SDK_INVALID_TOKEN_CODE = 'INVALID TOKEN ERROR';

/**
 * A token request of the bridge that failed, as the SDK's `SDKException`: code
 * `INVALID TOKEN ERROR` (what the SDKs throw for a refused request) and the OAuth error
 * (`invalid_code`, `invalid_client`) as the message when the server named one, as theirs do.
 * The `RefreshError` (code, `permanent`, `reason`; never a secret) is the `cause`. A refresh
 * whose save failed (`SAVE_FAILED`) is a store failure instead: code `TOKEN_STORE`.
 */
export function refreshError(sdk: ZohoSdk, error: RefreshError): object {
  // The request worked, the store did not: a store failure to the SDK, as the other ones are.
  // The RefreshError stays the cause, with the unsaved result (`unsaved`) for the application.
  if (error.code === 'SAVE_FAILED') {
    return new sdk.SDKException(
      SDK_TOKEN_STORE_CODE,
      'the token was refreshed but the store could not save it: ',
      undefined,
      error,
    );
  }
  const message =
    error.reason ??
    (error.code === 'TOKEN_NOT_FOUND'
      ? 'the token was removed while it was refreshed (another process failed to exchange its grant token)'
      : 'the token request failed');
  return new sdk.SDKException(SDK_INVALID_TOKEN_CODE, `${message}: `, undefined, error);
}
