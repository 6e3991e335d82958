/**
 * What the `tokenstore` process exits with. Scripts may rely on these.
 *
 * - `OK` (0): the command did what was asked.
 * - `FAILED` (1): it ran, and the result is bad: a conformance case failed, a migration or import
 *   left tokens uncopied or its counts do not add up, or the token asked for does not exist.
 * - `USAGE` (2): it was called wrongly: an unknown option, a malformed store URL, an adapter
 *   package that is not installed, `delete-all` without `--yes`.
 * - `UNAVAILABLE` (3): it could not finish: a store could not be reached or failed, or a file
 *   could not be read. Running it again later may work.
 * - `MISCONFIGURED` (4): a store refused its configuration (`STORE_MISCONFIGURED`): wrong or
 *   missing credentials, a table or collection that is not the store's, a missing encryption
 *   key. Running it again will not help until the configuration is fixed.
 * - `INTERRUPTED` (130, as shells report SIGINT): stopped by Ctrl-C, after what was under way.
 */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  UNAVAILABLE: 3,
  MISCONFIGURED: 4,
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The command was called wrongly; the message says how to call it right. Exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
