import type { TokenStore } from '@tokenstore/core';
import type { BenchToken } from '../token-fixtures.js';
import type { PeerDriver } from './peers.js';

/**
 * The same logical operations done directly with the backend's driver, the way a hand-written
 * store would: one table, hash or collection of plain tokens with the same unique indexes, no
 * validation, no digests, no versions. Each takes the benchmark token it is about and uses the
 * fields its lookup needs; each find resolves with the token, or null/undefined.
 */
export interface RawDriver {
  /** What the raw variant is, for the report (e.g. "prepared statements on a plain table"). */
  readonly label: string;
  insert(token: BenchToken): unknown;
  delete(token: BenchToken): unknown;
  /** Sets a new accessToken and expiresAt on the token with this token's userName. */
  updateByUserName(token: BenchToken, accessToken: string, expiresAt: number): unknown;
  findByUserName(token: BenchToken): unknown;
  findByAccessToken(token: BenchToken): unknown;
  findByClientRefresh(token: BenchToken): unknown;
  findByClientGrant(token: BenchToken): unknown;
  findById(token: BenchToken): unknown;
  /** Reads every token, page by page; resolves with how many. */
  scanAll(): Promise<number>;
}

/** A store and its raw counterpart, open on one backend. */
export interface OpenTarget {
  readonly store: TokenStore;
  readonly raw: RawDriver;
  /**
   * Writes these tokens (with their ids) straight through the store's backend, in bulk, in
   * exactly the format the store's own saves write: the suite checks that with
   * {@link OpenTarget.readStored} before it relies on it. `updatedAt`: what the records carry
   * (default a fixed time; a save writes its own).
   */
  seedStore(tokens: readonly BenchToken[], updatedAt?: number): Promise<void>;
  /** Writes these tokens to the raw variant's table, hash or collection, in bulk. */
  seedRaw(tokens: readonly BenchToken[]): Promise<void>;
  /** Everything the backend holds for the store's token with this id (row, hash, document). */
  readStored(id: string): Promise<unknown>;
  /**
   * Servers that report per-command statistics (Redis: `INFO commandstats`): runs `work` alone
   * and returns each command the client sent (not those a script ran) with its calls and server
   * microseconds (a script's include the commands it ran).
   */
  commandStats?(work: () => Promise<void>): Promise<CommandStats>;
  /**
   * Other libraries' stores on the same backend (keyv, Shopify's session storage), opened on
   * demand: one that cannot load (a native driver not built) is reported, not fatal.
   */
  peers?(): Promise<PeerDriver[]>;
  /** Closes the store, the raw client and any server this target started. */
  close(): Promise<void>;
}

/** One backend the benchmark can run against. */
export interface BenchTarget {
  /** Short name in the tables: `memory`, `sqlite`, `redis`, `mongo`. */
  readonly name: string;
  /** Largest number of stored tokens that is practical on this backend here, and why. */
  readonly maxTokens: { readonly count: number; readonly why: string };
  /** Whether to run the 1 vs 64 concurrent callers comparison. */
  readonly concurrency: boolean;
  /**
   * Imports the store package and starts its server. Throws (with the reason, such as the
   * install command for a missing server) when the target cannot run: it is then reported as
   * skipped, never left out silently.
   */
  open(): Promise<OpenTarget>;
}

/** Calls and total server microseconds per command name (lower case, e.g. `evalsha`). */
export type CommandStats = Readonly<
  Record<string, { readonly calls: number; readonly usec: number }>
>;
