import type { TokenStore } from '@tokenstore/core';
import type { RawDriver } from './targets/target.js';
import type { BenchToken } from './token-fixtures.js';

/** The keyed reads, each through the store and through the raw driver. */
export interface FindOperation {
  readonly name: string;
  readonly store: (store: TokenStore, token: BenchToken) => Promise<unknown>;
  readonly raw: (raw: RawDriver, token: BenchToken) => unknown;
}

/** One per lookup rule of the contract, and by id. */
export const FIND_OPERATIONS: readonly FindOperation[] = [
  {
    name: 'findToken userName',
    store: (s, t) => s.findToken({ userName: t.userName }),
    raw: (r, t) => r.findByUserName(t),
  },
  {
    name: 'findToken accessToken',
    store: (s, t) => s.findToken({ accessToken: t.accessToken }),
    raw: (r, t) => r.findByAccessToken(t),
  },
  {
    name: 'findToken clientId+refreshToken',
    store: (s, t) =>
      s.findToken({
        clientId: t.clientId,
        clientSecret: t.clientSecret,
        refreshToken: t.refreshToken,
      }),
    raw: (r, t) => r.findByClientRefresh(t),
  },
  {
    name: 'findToken clientId+grantToken',
    store: (s, t) =>
      s.findToken({ clientId: t.clientId, clientSecret: t.clientSecret, grantToken: t.grantToken }),
    raw: (r, t) => r.findByClientGrant(t),
  },
  {
    name: 'findTokenById',
    store: (s, t) => s.findTokenById(t.id),
    raw: (r, t) => r.findById(t),
  },
];

export const INSERT = 'saveToken insert';
export const UPDATE = 'saveToken update (userName)';
export const SCAN = 'tokens() all';
/** The find and save of a token refresh (what getValidToken does around the OAuth call). */
export const REFRESH = 'refresh (findToken + saveToken)';
