import type { ZohoSdk } from './sdk-shape.js';

/** The SDK lines the bridge serves and is tested with. */
export const SUPPORTED_SDK_LINES =
  '@zohocrm/typescript-sdk-6.0, -7.0, -8.0 and @zohocrm/nodejs-sdk-6.0, -7.0, -8.0';

/**
 * Refuses a module the bridge cannot serve. The 2.x lines (`@zohocrm/nodejs-sdk-2.1`,
 * `-typescript-sdk-2.1`, ...) call their store as `getToken(user, token)` with a token that has no
 * id or user signature (`getUserMail()`): another interface, which this bridge does not implement,
 * so such a module fails here rather than on the first API call.
 */
export function assertSupportedSdk(sdk: unknown): asserts sdk is ZohoSdk {
  const candidate = sdk as Partial<Record<keyof ZohoSdk, unknown>> | null | undefined;
  if (
    typeof candidate?.OAuthToken !== 'function' ||
    typeof candidate.UserSignature !== 'function' ||
    typeof candidate.SDKException !== 'function'
  ) {
    throw new TypeError(
      `expected a Zoho CRM SDK module with OAuthToken, UserSignature and SDKException (${SUPPORTED_SDK_LINES}), such as ` +
        "`import * as ZOHOCRMSDK from '@zohocrm/nodejs-sdk-8.0'`",
    );
  }
  const prototype = (candidate.OAuthToken as { prototype?: Record<string, unknown> }).prototype;
  for (const method of ['getId', 'getUserSignature', 'getExpiresIn', 'setId']) {
    if (typeof prototype?.[method] !== 'function') {
      throw new TypeError(
        `this Zoho CRM SDK module's OAuthToken has no ${method}(): it is an older line (2.x, whose ` +
          `stores implement getToken(user, token)), which @tokenstore/zoho does not serve. ` +
          `Supported: ${SUPPORTED_SDK_LINES}`,
      );
    }
  }
}
