import { type TokenRecord, TokenStoreError, type UniqueKeyKind } from '@tokenstore/core/backend';
import { pause } from './pause.js';
import { arnSuffix, type SecretNames } from './secret-names.js';
import {
  ARN_SUFFIX,
  decodeIndexValue,
  encodeIndexValue,
  type IndexValue,
} from './secret-values.js';
import type { SecretsApi } from './secrets-api.js';

/** A unique key claimed for a record: its index secret now names the record. */
export interface Claim {
  readonly kind: UniqueKeyKind;
  readonly digest: string;
  /** The full ARN of the index secret created for this claim. */
  readonly arn: string;
  readonly suffix: string;
  /** Local time just before the index secret was created: the claim is at most this old. */
  readonly since: number;
}

/**
 * - `claimed`: the index secret is ours.
 * - `duplicate`: another record holds the key.
 * - `stale`: the claiming record itself already holds the key, so what the caller read of it is
 *   out of date.
 */
/** What claiming all of a write's keys gives: the claims, or why not (nothing left claimed). */
export type ClaimsResult =
  | Claim[]
  | { readonly status: 'stale' }
  | { readonly status: 'duplicate'; readonly key: UniqueKeyKind };

export type ClaimResult =
  | { readonly status: 'claimed'; readonly claim: Claim }
  | { readonly status: 'duplicate' }
  | { readonly status: 'stale' };

/** What the holder of an index secret currently has of the key. */
export type Holding = 'holds' | 'pending' | 'abandoned';

/** Reads the record a claim names: its version and keys, or null when there is no live one. */
export type HolderReader = (id: string) => Promise<{
  readonly version: number;
  readonly keys: { readonly [K in UniqueKeyKind]?: string };
} | null>;

export interface KeyClaimsOptions {
  /** How long an unfinished claim blocks its key before it counts as abandoned. */
  readonly claimTimeoutMs: number;
  /** How long a claim waits for another writer's unfinished claim of the same key. */
  readonly waitMs: number;
}

const INDEX_DESCRIPTION = 'tokenstore lookup index: names the token record holding this key';

/**
 * Unique keys as index secrets. CreateSecret is the arbiter: of writers creating the same index
 * secret exactly one succeeds. An index secret is written once and never changed; it is deleted
 * by its full ARN, which names that one secret and never a later one of the same name, so a
 * writer that decided to remove an abandoned claim can never remove a newer claim.
 *
 * A claim is created before its record holds the key (and removed only after the record stopped
 * holding it), so every key a record holds has an index secret naming that record. A found claim
 * whose record does not hold the key is either unfinished (its writer has not written the
 * record yet: wait) or abandoned (its record moved past the claimed version, or the claim is
 * older than `claimTimeoutMs`: delete it and claim again).
 */
export class KeyClaims {
  readonly #api: SecretsApi;
  readonly #names: SecretNames;
  readonly #holder: HolderReader;
  readonly #options: KeyClaimsOptions;

  constructor(
    api: SecretsApi,
    names: SecretNames,
    holder: HolderReader,
    options: KeyClaimsOptions,
  ) {
    this.#api = api;
    this.#names = names;
    this.#holder = holder;
    this.#options = options;
  }

  /** Claims the key `kind`/`digest` for `owner` (a record id and the version it will have). */
  async claim(kind: UniqueKeyKind, digest: string, owner: IndexValue): Promise<ClaimResult> {
    const name = this.#names.index(kind, digest);
    const text = encodeIndexValue(owner);
    let waitingSince: number | undefined;
    for (let attempt = 0; ; attempt++) {
      const since = Date.now();
      const created = await this.#api.create(name, text, INDEX_DESCRIPTION);
      if (created !== 'exists') {
        const suffix = arnSuffix(created.arn, name);
        if (suffix === undefined || !ARN_SUFFIX.test(suffix)) {
          await this.#api.remove(created.arn, { force: true });
          throw new TokenStoreError(
            'STORE_UNAVAILABLE',
            'saveToken: Secrets Manager returned an ARN of an unexpected form',
          );
        }
        return { status: 'claimed', claim: { kind, digest, arn: created.arn, suffix, since } };
      }
      const current = await this.#api.read(name);
      if (typeof current === 'string') {
        // Deleted since (or, on AWS, a forced deletion still being carried out): try again.
        waitingSince = this.#checkWait(waitingSince);
        await pause(attempt);
        continue;
      }
      const holder = decodeIndexValue(current.value, name);
      const holding = await this.holding(holder, kind, digest, current.createdAt);
      if (holding === 'holds') {
        return holder.id === owner.id ? { status: 'stale' } : { status: 'duplicate' };
      }
      if (holding === 'abandoned') {
        await this.#api.remove(current.arn, { force: true });
        continue;
      }
      waitingSince = this.#checkWait(waitingSince);
      await pause(attempt);
    }
  }

  /** Whether the record named by a claim holds the key, will soon, or never will. */
  async holding(
    claim: IndexValue,
    kind: UniqueKeyKind,
    digest: string,
    claimedAt: number,
  ): Promise<Holding> {
    const record = await this.#holder(claim.id);
    if (record !== null && record.keys[kind] === digest) return 'holds';
    // A claim for version v is unfinished while the record is still below v (for an insert:
    // while it does not exist), and only for as long as its writer may still write it.
    const behind = record === null ? claim.version === 1 : record.version < claim.version;
    const young = Date.now() - claimedAt < this.#options.claimTimeoutMs;
    return behind && young ? 'pending' : 'abandoned';
  }

  /** Claims each of `kinds` of `record`'s keys; on a refusal, releases what it claimed. */
  async claimAll(record: TokenRecord, kinds: readonly UniqueKeyKind[]): Promise<ClaimsResult> {
    const claimed: Claim[] = [];
    try {
      for (const kind of kinds) {
        const digest = record.keys[kind];
        if (digest === undefined) continue;
        const result = await this.claim(kind, digest, { id: record.id, version: record.version });
        if (result.status === 'claimed') {
          claimed.push(result.claim);
          continue;
        }
        await this.releaseQuietly(claimed.map((claim) => claim.arn));
        return result.status === 'duplicate' ? { status: 'duplicate', key: kind } : result;
      }
      return claimed;
    } catch (error) {
      // Nothing holds these claims yet: give them back before failing.
      await this.releaseQuietly(claimed.map((claim) => claim.arn));
      throw error;
    }
  }

  /**
   * True when the oldest of a write's claims is old enough that other writers may soon count it
   * as abandoned: the write must not happen any more (half the timeout leaves a margin for clock
   * skew and for the write call itself).
   */
  isLate(claimed: readonly Claim[]): boolean {
    if (claimed.length === 0) return false;
    const oldest = Math.min(...claimed.map((claim) => claim.since));
    return Date.now() - oldest > this.#options.claimTimeoutMs / 2;
  }

  /** As `release`; a failure only leaves claims that later writers see as abandoned. */
  async releaseQuietly(arns: readonly string[]): Promise<void> {
    try {
      await this.release(arns);
    } catch {
      // An index secret left behind names a record that does not hold its key: later writers
      // of that key treat it as abandoned and delete it.
    }
  }

  /** Deletes the index secrets of claims that their record does not (or no longer) hold. */
  async release(arns: readonly string[]): Promise<void> {
    await Promise.all(arns.map((arn) => this.#api.remove(arn, { force: true })));
  }

  #checkWait(since: number | undefined): number {
    const now = Date.now();
    if (since === undefined) return now;
    if (now - since > this.#options.waitMs) {
      throw new TokenStoreError(
        'STORE_UNAVAILABLE',
        'saveToken: another save of the same unique key has not finished; retrying may work',
      );
    }
    return since;
  }
}
