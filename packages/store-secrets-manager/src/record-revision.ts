import { UNIQUE_KEY_KINDS } from '@tokenstore/core/backend';
import { ARN_SUFFIX, type IndexSuffixes } from './secret-values.js';

/**
 * What a compare-and-set of a record secret needs beyond the record: the secret version that
 * was AWSCURRENT when the record was read or written, the secret's ARN (its index secrets'
 * ARNs are built from it) and the ARN suffix of each key's index secret.
 */
export interface RecordState {
  readonly versionId: string;
  readonly arn: string;
  readonly suffixes: IndexSuffixes;
}

/** The state as the record's opaque `revision`, which core hands back with the record. */
export function encodeRevision(state: RecordState): string {
  return JSON.stringify([state.versionId, state.arn, state.suffixes]);
}

function isSuffixes(value: unknown): value is IndexSuffixes {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([kind, suffix]) =>
      (UNIQUE_KEY_KINDS as readonly string[]).includes(kind) &&
      typeof suffix === 'string' &&
      ARN_SUFFIX.test(suffix),
  );
}

/** The state a revision holds; undefined when there is none (or not one of ours): read again. */
export function decodeRevision(revision: string | undefined): RecordState | undefined {
  if (revision === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(revision);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
  const [versionId, arn, suffixes] = parsed as unknown[];
  if (typeof versionId !== 'string' || typeof arn !== 'string' || !isSuffixes(suffixes)) {
    return undefined;
  }
  return { versionId, arn, suffixes };
}
