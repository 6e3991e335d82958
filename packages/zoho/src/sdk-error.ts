import { isTokenStoreError, TokenStoreError } from '@tokenstore/core';
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
