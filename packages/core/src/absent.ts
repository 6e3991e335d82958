/**
 * Absent as the contract means it: `undefined`, `null` and `""` all mean "no value", for storage
 * and for matching. The one test every package uses.
 */
export function isAbsent(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || value === '';
}
