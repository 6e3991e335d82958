import type { NormalizedToken } from './validate.js';

/**
 * An update merges: fields present in the patch replace stored ones, absent fields keep their
 * stored value. The id never changes.
 */
export function mergeToken(
  stored: NormalizedToken & { id: string },
  patch: NormalizedToken,
): NormalizedToken & { id: string } {
  const { id: _ignored, ...fields } = patch;
  return { ...stored, ...fields, id: stored.id };
}
