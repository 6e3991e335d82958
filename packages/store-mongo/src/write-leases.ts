import { randomUUID } from 'node:crypto';
import { type BackoffCurve, backoff, TokenStoreError } from '@tokenstore/core/backend';
import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from './driver-errors.js';
import { byId } from './filters.js';

/** A lease on one token's document: `_id` is the token document's `_id`. */
export interface LeaseDocument {
  _id: string;
  /** The holder: random per write. */
  o: string;
  /** When it was taken, epoch milliseconds of the holder's clock. */
  at: number;
}

/** How often a release that failed (the server was unreachable) is tried again. */
const RELEASE_RETRY_MS = 250;

/** The driver's error for a call on a client that was closed. */
function isClientClosed(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'MongoTopologyClosedError' || name === 'MongoNotConnectedError';
}

/** Waits for a held lease: a little longer each time, up to 25 ms (core's jittered backoff). */
const LEASE_WAIT: BackoffCurve = { initialMs: 2, maxMs: 25 };

/**
 * One writer at a time per token, for servers whose conditional updates are not atomic
 * (FerretDB v1, FerretDB issue 3040). A lease is a document inserted with the token's `_id`:
 * inserting is atomic on every server (the unique `_id` decides), so while one writer holds it no
 * other replace or delete of that token runs, and the version filter of each update is checked
 * with no concurrent writer in between.
 *
 * A writer that crashes leaves its lease behind; it expires `ttlMs` after it was taken and the
 * next writer removes it. Safety needs every holder to finish its one update within `ttlMs`
 * (and clocks of writing hosts to agree to well within it).
 */
export class WriteLeases {
  readonly #leases: Collection<LeaseDocument>;
  readonly #ttlMs: number;

  constructor(leases: Collection<LeaseDocument>, ttlMs: number) {
    this.#leases = leases;
    this.#ttlMs = ttlMs;
  }

  /** Runs `work` while holding the lease of the token document `id`. */
  async hold<T>(id: string, work: () => Promise<T>): Promise<T> {
    const owner = randomUUID();
    const takenAt = await this.#acquire(id, owner);
    try {
      return await work();
    } finally {
      await this.#release(id, owner, takenAt);
    }
  }

  /** Removes every lease (with the tokens, by `clear()`). */
  async clear(): Promise<void> {
    await this.#leases.deleteMany({});
  }

  /** Takes the lease; resolves with the time it was taken (the holder's clock). */
  async #acquire(id: string, owner: string): Promise<number> {
    const giveUp = Date.now() + 2 * this.#ttlMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const at = Date.now();
        await this.#leases.insertOne({ _id: id, o: owner, at });
        return at;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const held = await this.#leases.findOne(byId(id));
      if (held !== null && !(typeof held.at === 'number' && Date.now() - held.at < this.#ttlMs)) {
        // Its holder crashed (or stalled past the lease): take the lease over.
        await this.#leases.deleteOne({ ...byId(id), o: { $eq: held.o } });
        continue;
      }
      if (Date.now() >= giveUp) {
        throw new TokenStoreError(
          'STORE_UNAVAILABLE',
          'mongo: another writer of this token still holds its write lease; retrying may work',
        );
      }
      await backoff(attempt, LEASE_WAIT);
    }
  }

  async #release(id: string, owner: string, takenAt: number): Promise<void> {
    try {
      await this.#leases.deleteOne({ ...byId(id), o: { $eq: owner } });
    } catch {
      // The write is settled either way. The server may be down (killed between our insert
      // and this delete): keep trying in the background, so that the lease goes as soon as the
      // server is back instead of blocking the token until it expires.
      this.#releaseLater(id, owner, takenAt);
    }
  }

  /** Retries a failed release every {@link RELEASE_RETRY_MS} until it works or the lease expired. */
  #releaseLater(id: string, owner: string, takenAt: number): void {
    const retry = () => {
      if (Date.now() - takenAt >= this.#ttlMs) return; // expired: the next writer removes it
      this.#leases.deleteOne({ ...byId(id), o: { $eq: owner } }).then(
        () => {},
        (error: unknown) => {
          if (isClientClosed(error)) return; // the store was closed: nothing left to do
          setTimeout(retry, RELEASE_RETRY_MS).unref();
        },
      );
    };
    setTimeout(retry, RELEASE_RETRY_MS).unref();
  }
}
