import type { TokenRecord, UniqueKeyKind } from '@tokenstore/core/backend';
import type { Claim } from './key-claims.js';
import type { RecordState } from './record-revision.js';
import { arnOf, type SecretNames } from './secret-names.js';
import type { IndexSuffixes } from './secret-values.js';

/**
 * The kinds of unique key a record holds, in one order for every writer, so that writers
 * claiming several keys never wait on each other in a cycle.
 */
export function sortedKinds(keys: TokenRecord['keys']): UniqueKeyKind[] {
  return (Object.keys(keys) as UniqueKeyKind[]).sort();
}

/** True when both hold the same digest for each kind of key, and no other kinds. */
export function sameKeys(a: TokenRecord['keys'], b: TokenRecord['keys']): boolean {
  const kinds = sortedKinds(a);
  return kinds.length === sortedKinds(b).length && kinds.every((kind) => a[kind] === b[kind]);
}

/** The ARN suffix of every key's index secret: the kept ones and the new claims. */
export function suffixesOf(kept: IndexSuffixes, claimed: readonly Claim[]): IndexSuffixes {
  const suffixes: { [K in UniqueKeyKind]?: string } = { ...kept };
  for (const claim of claimed) suffixes[claim.kind] = claim.suffix;
  return suffixes;
}

/** The full ARNs of the index secrets of `kinds` of `record`, read or written as `state`. */
export function indexArns(
  names: SecretNames,
  state: RecordState,
  record: TokenRecord,
  kinds: readonly UniqueKeyKind[],
): string[] {
  return kinds.flatMap((kind) => {
    const digest = record.keys[kind];
    const suffix = state.suffixes[kind];
    if (digest === undefined || suffix === undefined) return [];
    const arn = arnOf(state.arn, names.index(kind, digest), suffix);
    return arn === undefined ? [] : [arn];
  });
}
