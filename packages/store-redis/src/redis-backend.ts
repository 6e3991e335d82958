import {
  type RecordBackend,
  type RecordKeys,
  type TokenRecord,
  TokenStoreError,
  UNIQUE_KEY_KINDS,
  type UniqueKeyKind,
  type WriteResult,
} from '@tokenstore/core';
import { type Connection, closeConnection, describeClient } from './connection.js';
import { guarded } from './driver-error.js';
import { KeyLayout } from './key-layout.js';
import { CLEAR_BATCH, DELETE, FIND, type LuaScript, PAGE, SAVE } from './lua-scripts.js';
import { runScript } from './run-script.js';

/** Records removed per script call by `clear()`: keeps each call short on a big namespace. */
const CLEAR_BATCH_SIZE = 500;

type Reply = string | null;

function corrupt(): TokenStoreError {
  return new TokenStoreError('CORRUPT_RECORD', 'a Redis record could not be read back');
}

/** A record from a hash's `i`, `v`, `d` fields; null when the hash is not there. */
function toRecord(i: Reply, v: Reply, d: Reply, keys: RecordKeys = {}): TokenRecord | null {
  if (i === null) return null;
  let id: unknown;
  try {
    id = JSON.parse(i);
  } catch {
    throw corrupt();
  }
  if (typeof id !== 'string' || v === null || d === null) throw corrupt();
  // `keys` is not needed by core on reads; replace and delete use the stored ones.
  return { id, version: Number(v), keys, data: d };
}

function asReplies(value: unknown): Reply[] {
  if (!Array.isArray(value)) throw corrupt();
  return value.map((item) => (item === null || item === undefined ? null : String(item)));
}

function writeResult(reply: unknown): WriteResult {
  if (reply === 'ok') return { status: 'ok' };
  if (reply === 'stale') return { status: 'stale' };
  if (reply === 'id') return { status: 'duplicate', key: 'id' };
  const kind = String(reply).slice('k:'.length);
  return (UNIQUE_KEY_KINDS as readonly string[]).includes(kind)
    ? { status: 'duplicate', key: kind as UniqueKeyKind }
    : { status: 'duplicate' };
}

/**
 * Record primitives on Redis. Each write is one Lua script, so Redis runs it atomically: no
 * read-modify-write from the client. Key layout: see {@link KeyLayout}.
 */
export class RedisBackend implements RecordBackend {
  readonly #connection: Connection;
  readonly #keys: KeyLayout;

  constructor(connection: Connection, keys: KeyLayout) {
    this.#connection = connection;
    this.#keys = keys;
  }

  get(id: string): Promise<TokenRecord | null> {
    const key = this.#keys.record(this.#keys.member(id));
    return guarded(async () => {
      const [i = null, v = null, d = null] = asReplies(
        await this.#connection.client.hmget(key, 'i', 'v', 'd'),
      );
      return toRecord(i, v, d);
    });
  }

  async findByKey(kind: UniqueKeyKind, digest: string): Promise<TokenRecord | null> {
    const reply = await this.#run(FIND, [this.#keys.unique(kind, digest)], [this.#keys.base]);
    if (reply === null) return null;
    const [i = null, v = null, d = null] = asReplies(reply);
    return toRecord(i, v, d);
  }

  async insert(record: TokenRecord): Promise<WriteResult> {
    return writeResult(await this.#save(record, ''));
  }

  async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    return writeResult(await this.#save(next, String(previous.version)));
  }

  async delete(id: string): Promise<boolean> {
    const member = this.#keys.member(id);
    const reply = await this.#run(
      DELETE,
      [this.#keys.record(member), this.#keys.ids],
      [this.#keys.base, member],
    );
    return reply === 1;
  }

  async *scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    // Keyset paging on the sorted set's members: a record present throughout has one fixed
    // place in that order, so it comes exactly once (a SCAN cursor may repeat entries).
    let min = '-';
    for (;;) {
      const replies = asReplies(
        await this.#run(PAGE, [this.#keys.ids], [this.#keys.base, min, pageSize]),
      );
      const page: TokenRecord[] = [];
      for (let at = 0; at < replies.length; at += 4) {
        const record = toRecord(
          replies[at + 1] ?? null,
          replies[at + 2] ?? null,
          replies[at + 3] ?? null,
        );
        if (record !== null) page.push(record);
        min = `(${replies[at]}`;
      }
      if (page.length > 0) yield page;
      if (replies.length < pageSize * 4) return;
    }
  }

  async clear(): Promise<void> {
    let left: unknown;
    do {
      left = await this.#run(CLEAR_BATCH, [this.#keys.ids], [this.#keys.base, CLEAR_BATCH_SIZE]);
    } while (typeof left === 'number' && left > 0);
  }

  close(): Promise<void> {
    return guarded(() => closeConnection(this.#connection));
  }

  describe(): string {
    const owner = this.#connection.owned ? '' : ', caller-owned client';
    return `redis ${describeClient(this.#connection.client)} prefix=${JSON.stringify(this.#keys.prefix)}${owner}`;
  }

  #save(record: TokenRecord, expectedVersion: string): Promise<unknown> {
    const member = this.#keys.member(record.id);
    const keys = [this.#keys.record(member), this.#keys.ids];
    const args: (string | number)[] = [
      this.#keys.base,
      member,
      JSON.stringify(record.id),
      record.version,
      record.data,
      expectedVersion,
    ];
    for (const kind of UNIQUE_KEY_KINDS) {
      const digest = record.keys[kind];
      if (digest === undefined) continue;
      keys.push(this.#keys.unique(kind, digest));
      args.push(KeyLayout.field(kind), digest);
    }
    return this.#run(SAVE, keys, args);
  }

  #run(script: LuaScript, keys: string[], args: (string | number)[]): Promise<unknown> {
    return guarded(() => runScript(this.#connection.client, script, keys, args));
  }
}
