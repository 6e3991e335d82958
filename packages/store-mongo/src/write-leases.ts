import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TokenStoreError } from '@tokenstore/core';
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

/** Waits a little longer each time, with jitter, up to 25 ms. */
function pause(attempt: number): Promise<void> {
  return sleep(1 + Math.random() * Math.min(25, 2 ** attempt));
}

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
    await this.#acquire(id, owner);
    try {
      return await work();
    } finally {
      await this.#release(id, owner);
    }
  }

  /** Removes every lease (with the tokens, by `clear()`). */
  async clear(): Promise<void> {
    await this.#leases.deleteMany({});
  }

  async #acquire(id: string, owner: string): Promise<void> {
    const giveUp = Date.now() + 2 * this.#ttlMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#leases.insertOne({ _id: id, o: owner, at: Date.now() });
        return;
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
      await pause(attempt);
    }
  }

  async #release(id: string, owner: string): Promise<void> {
    try {
      await this.#leases.deleteOne({ ...byId(id), o: { $eq: owner } });
    } catch {
      // The write is settled either way; an unreleased lease expires after ttlMs.
    }
  }
}
