import type { TokenInput } from '../token.js';

/** A unique key other than userName, as the concurrency cases race it. */
export interface OtherUniqueKey {
  /** The fields that make the key, as failure messages name it: `clientId + refreshToken`. */
  readonly what: string;
  /** A label for its value: `unique(label)` gives a fresh one. */
  readonly label: string;
  /** A token's fields holding the key with `value`. */
  readonly fields: (value: string) => TokenInput;
}

/**
 * The unique keys besides userName, each a lookup rule of its own: accessToken, and refreshToken
 * and grantToken each paired with one clientId (the pairs are unique per client). A store whose
 * race handling covers only the key its upsert names (ON CONFLICT (user_name)) races on these,
 * in one process or across several: the in-process and the process cases race the same keys.
 */
export function otherUniqueKeys(unique: (label: string) => string): OtherUniqueKey[] {
  const client = { clientId: unique('client'), clientSecret: 's' };
  return [
    { what: 'accessToken', label: 'access', fields: (value) => ({ accessToken: value }) },
    {
      what: 'clientId + refreshToken',
      label: 'refresh',
      fields: (value) => ({ ...client, refreshToken: value }),
    },
    {
      what: 'clientId + grantToken',
      label: 'grant',
      fields: (value) => ({ ...client, grantToken: value }),
    },
  ];
}
