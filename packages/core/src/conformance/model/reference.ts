import type { TokenStoreErrorCode } from '../../errors.js';
import { STRING_FIELDS, type StoredToken, type TokenInput } from '../../token.js';

/** The string fields a token carries besides its id. */
const FIELDS_BUT_ID = STRING_FIELDS.filter((field) => field !== 'id');

/** A token's fields as the contract keeps them: absent ones missing. */
export type Fields = Omit<StoredToken, 'id' | 'version'>;

/** The fields of an input that count: contract fields only, `undefined`/`null`/`""` dropped. */
export function presentFields(input: TokenInput): Fields {
  const fields: Record<string, unknown> = {};
  for (const field of FIELDS_BUT_ID) {
    const value = input[field];
    if (value !== undefined && value !== null && value !== '') fields[field] = value;
  }
  if (input.expiresAt !== undefined && input.expiresAt !== null) fields.expiresAt = input.expiresAt;
  return fields as Fields;
}

/** A unique key as a comparable string (JSON keeps the parts unambiguous). */
function uniqueKeys(token: Fields): string[] {
  const keys: string[] = [];
  const { userName, accessToken, clientId, refreshToken, grantToken } = token;
  if (userName !== undefined) keys.push(JSON.stringify(['userName', userName]));
  if (accessToken !== undefined) keys.push(JSON.stringify(['accessToken', accessToken]));
  if (clientId !== undefined && refreshToken !== undefined) {
    keys.push(JSON.stringify(['refreshToken', clientId, refreshToken]));
  }
  if (clientId !== undefined && grantToken !== undefined) {
    keys.push(JSON.stringify(['grantToken', clientId, grantToken]));
  }
  return keys;
}

/** The key the contract's lookup rules pick for an input, or undefined (rule 4). */
export function lookupKey(query: Fields): string | undefined {
  const { userName, accessToken, clientId, clientSecret, grantToken, refreshToken } = query;
  if (userName !== undefined) return JSON.stringify(['userName', userName]);
  if (accessToken !== undefined && clientId === undefined && clientSecret === undefined) {
    return JSON.stringify(['accessToken', accessToken]);
  }
  if (clientId !== undefined && clientSecret !== undefined) {
    if (grantToken !== undefined) return JSON.stringify(['grantToken', clientId, grantToken]);
    if (refreshToken !== undefined) {
      return JSON.stringify(['refreshToken', clientId, refreshToken]);
    }
  }
  return undefined;
}

/** What the contract says a save does. */
export type SavePlan =
  | { kind: 'update'; id: string; token: Fields; version: number }
  | { kind: 'insert'; id: string | undefined; token: Fields }
  | { kind: 'reject'; codes: readonly TokenStoreErrorCode[] };

const hasTokenValue = (token: Fields) =>
  token.accessToken !== undefined ||
  token.refreshToken !== undefined ||
  token.grantToken !== undefined;

/**
 * The contract as a plain in-memory map: the reference every command's outcome is checked
 * against. Where the contract lets several errors apply to one save (a stale version and a
 * duplicate value, say), the plan lists every code that may be reported.
 */
export class ReferenceModel {
  readonly tokens = new Map<string, StoredToken>();

  get size(): number {
    return this.tokens.size;
  }

  byId(id: string): StoredToken | null {
    if (id === '') return null;
    return this.tokens.get(id) ?? null;
  }

  find(query: TokenInput): StoredToken | null {
    const key = lookupKey(presentFields(query));
    if (key === undefined) return null;
    for (const token of this.tokens.values()) {
      if (uniqueKeys(token).includes(key)) return token;
    }
    return null;
  }

  /** Who holds one of `token`'s unique values, other than `ownId`. */
  #clash(token: Fields, ownId: string | undefined): StoredToken | undefined {
    const keys = uniqueKeys(token);
    for (const other of this.tokens.values()) {
      if (other.id === ownId) continue;
      if (uniqueKeys(other).some((key) => keys.includes(key))) return other;
    }
    return undefined;
  }

  plan(input: TokenInput, expectedVersion: number | undefined): SavePlan {
    const fields = presentFields(input);
    const id = typeof input.id === 'string' && input.id !== '' ? input.id : undefined;
    const target = id !== undefined ? this.byId(id) : this.find(input);
    if (target !== null) {
      const { id: _id, version, ...stored } = target;
      const merged = { ...stored, ...fields };
      const codes: TokenStoreErrorCode[] = [];
      if (expectedVersion !== undefined && expectedVersion !== version) {
        codes.push('VERSION_CONFLICT');
      }
      if (this.#clash(merged, target.id) !== undefined) codes.push('DUPLICATE_KEY');
      if (codes.length > 0) return { kind: 'reject', codes };
      return { kind: 'update', id: target.id, token: merged, version: version + 1 };
    }
    const codes: TokenStoreErrorCode[] = [];
    if (expectedVersion !== undefined && expectedVersion !== 0) codes.push('VERSION_CONFLICT');
    if (!hasTokenValue(fields)) codes.push('INVALID_TOKEN');
    if (this.#clash(fields, undefined) !== undefined) codes.push('DUPLICATE_KEY');
    if (codes.length > 0) return { kind: 'reject', codes };
    return { kind: 'insert', id, token: fields };
  }

  commit(id: string, token: Fields, version: number): StoredToken {
    const stored: StoredToken = { id, ...token, version };
    this.tokens.set(id, stored);
    return stored;
  }

  delete(id: string): boolean {
    return this.tokens.delete(id);
  }

  clear(): void {
    this.tokens.clear();
  }
}
