import { lookupKeyOf } from '../lookup-key.js';
import type { TokenInput } from '../token.js';
import { normalizeToken } from '../validate.js';
import type { TraceKeyKind } from './trace-context.js';

/** The kind of key a find or save looks up by (its value never leaves this function). */
export function keyKindOf(input: TokenInput, byId: boolean): TraceKeyKind | undefined {
  try {
    const token = normalizeToken(input);
    if (byId && token.id !== undefined) return 'id';
    return lookupKeyOf(token)?.kind ?? 'none';
  } catch {
    return undefined; // invalid input: the call itself reports it
  }
}
