/**
 * Backend abilities a store may declare it lacks. Absent or `true` means "has it": every case
 * runs. A case is skipped only for a capability declared `false`. A backend declares them
 * itself (`RecordBackend.capabilities`), so the conformance suite and `tokenstore check` read
 * them instead of restating them.
 */
export interface Capabilities {
  /** Data outlives a store instance: `reopen` sees what an earlier instance saved. */
  persistence?: boolean;
  /**
   * A conditional write (version compare-and-set) is atomic on the server, so concurrent writers
   * of one token never lose an update and exactly one of two same-`expectedVersion` saves wins.
   */
  atomicConditionalWrites?: boolean;
  /**
   * `tokens()` keeps its guarantee while other tokens are saved and deleted during the listing
   * (each untouched token exactly once). A backend that can only page by offset (a listing API
   * whose page token is a position) lacks it: a delete before the cursor skips a token.
   */
  listingDuringWrites?: boolean;
}

export type Capability = keyof Capabilities;
