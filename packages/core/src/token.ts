/**
 * The OAuth token as the contract defines it: plain data, every field optional on input.
 * A token that came out of a store always has `id` and `version` (see {@link StoredToken}).
 */
export interface OAuthToken {
  /** Unique, assigned by the store on insert when absent; opaque. */
  id?: string;
  /** The user signature (the Zoho SDKs store `email:zgid` here). */
  userName?: string;
  clientId?: string;
  clientSecret?: string;
  redirectUrl?: string;
  grantToken?: string;
  refreshToken?: string;
  accessToken?: string;
  /** Epoch milliseconds at which `accessToken` expires: a non-negative integer. */
  expiresAt?: number;
  /** The API domain the tokens belong to. */
  apiDomain?: string;
  /** Managed by the store: 1 on insert, +1 on every successful save. Ignored on input. */
  version?: number;
  /**
   * Managed by the store: when the token was last saved (inserted or updated), in epoch
   * milliseconds of the saving process's clock. Ignored on input. Absent on tokens last saved
   * by a version of tokenstore that did not record it. Policies such as "not updated for 30
   * days" (`prune`) read it.
   */
  updatedAt?: number;
}

/** A token as it is read back from a store: `id` and `version` are always there. */
export interface StoredToken extends OAuthToken {
  id: string;
  version: number;
}

/**
 * What callers may pass in: `undefined`, `null` and `""` all mean "absent".
 * Values are typed loosely on purpose; the store validates them at run time.
 */
export type TokenInput = { [K in keyof OAuthToken]?: OAuthToken[K] | null | undefined };

/**
 * Fields the store manages: set by core on every save, ignored on input. Compare tokens without
 * them (or check them separately) when the exact values cannot be known in advance.
 */
export const MANAGED_FIELDS = [
  'version',
  'updatedAt',
] as const satisfies readonly (keyof OAuthToken)[];

/** The string fields of a token, in a stable order. */
export const STRING_FIELDS = [
  'id',
  'userName',
  'clientId',
  'clientSecret',
  'redirectUrl',
  'grantToken',
  'refreshToken',
  'accessToken',
  'apiDomain',
] as const satisfies readonly (keyof OAuthToken)[];

export type StringField = (typeof STRING_FIELDS)[number];

/** Fields whose values are secrets: never in a message, a log line or `util.inspect` output. */
export const SECRET_FIELDS = [
  'clientSecret',
  'grantToken',
  'refreshToken',
  'accessToken',
] as const satisfies readonly StringField[];

/** Fields that hold a token; an insert needs at least one of them. */
export const TOKEN_VALUE_FIELDS = [
  'accessToken',
  'refreshToken',
  'grantToken',
] as const satisfies readonly StringField[];
