import { hash } from 'node:crypto';

/** A benchmark token as an application would save it: every field, every lookup key. */
export interface BenchToken {
  readonly id: string;
  readonly userName: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUrl: string;
  readonly grantToken: string;
  readonly refreshToken: string;
  readonly accessToken: string;
  readonly apiDomain: string;
  readonly expiresAt: number;
}

/** Tokens share a few OAuth clients, as an app's users do. */
const CLIENTS = 20;
const EXPIRES_AT = 1_900_000_000_000;

/** A UUID v4-shaped id derived from `hex`, so seeded ids look (and index) like randomUUID()'s. */
function uuidFrom(hex: string): string {
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The benchmark token number `i`: deterministic, so the store and the raw variant hold the same
 * tokens and any run can find token `i` again; values shaped like Zoho's (`1000.<hex>.<hex>`).
 */
export function benchToken(i: number): BenchToken {
  const h = hash('sha256', `tokenstore-bench-${i}`, 'hex');
  const client = i % CLIENTS;
  return {
    id: uuidFrom(h),
    userName: `user${i}@example.com`,
    clientId: `1000.CLIENT${client.toString().padStart(4, '0')}BENCH`,
    clientSecret: `${h.slice(0, 20)}secret${client}`,
    redirectUrl: 'https://app.example.com/oauth/callback',
    grantToken: `1000.${h.slice(0, 32)}.g${i}`,
    refreshToken: `1000.${h.slice(32, 64)}.r${i}`,
    accessToken: `1000.${h.slice(16, 48)}.a${i}`,
    apiDomain: 'https://www.zohoapis.com',
    expiresAt: EXPIRES_AT,
  };
}

/** The token without its id, as `saveToken` is given a new token. */
export function newTokenInput(i: number): Omit<BenchToken, 'id'> {
  const { id: _id, ...fields } = benchToken(i);
  return fields;
}

/** The access token of token `i` after its `round`-th refresh (unique across tokens and rounds). */
export function refreshedAccessToken(i: number, round: number): string {
  return `${benchToken(i).accessToken}.v${round}`;
}
