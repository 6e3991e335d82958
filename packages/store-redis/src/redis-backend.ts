import {
  type CallOptions,
  corruptRecord,
  type RecordBackend,
  type TokenRecord,
  type TokenStoreError,
  UNIQUE_KEY_KINDS,
  type UniqueKeyKind,
  type WriteResult,
} from '@tokenstore/core/backend';
import { compactRedis } from './compact.js';
import { DELETE_IF_VERSION } from './conditional-delete-script.js';
import { closeConnection, describeClient, type RedisConnection } from './connection.js';
import { guarded } from './driver-error.js';
import { KeyLayout } from './key-layout.js';
import {
  CLEAR_BATCH,
  DELETE,
  FIND,
  INSERT,
  type LuaScript,
  PAGE,
  RECORD_FIELDS,
  REPLACE,
} from './lua-scripts.js';
import { COPY_KEY_KINDS, recordFromCopy } from './record-copy.js';
import { runScript } from './run-script.js';

/** Records removed per script call by `clear()`: keeps each call short on a big namespace. */
const CLEAR_BATCH_SIZE = 500;

function corrupt(): TokenStoreError {
  return corruptRecord('a Redis record');
}

/** A record hash's fields from a flat `[field, value, …]` reply (HGETALL in a script). */
function fieldsOf(reply: unknown): Record<string, string> {
  if (!Array.isArray(reply)) throw corrupt();
  const fields: Record<string, string> = {};
  for (let at = 0; at + 1 < reply.length; at += 2) {
    fields[String(reply[at])] = String(reply[at + 1]);
  }
  return fields;
}

/** The record in a hash: `i` (id as JSON), `v`, `d`, `k:<kind>`; null when there is no hash. */
function toRecord(fields: Record<string, string>): TokenRecord | null {
  return recordOf(fields.i, fields.v, fields.d, (kind) => fields[KeyLayout.field(kind)]);
}

/** The record in an HMGET reply of {@link RECORD_FIELDS}; null when there is no hash. */
function fromValues(reply: unknown): TokenRecord | null {
  if (!Array.isArray(reply) || reply.length !== RECORD_FIELDS.length) throw corrupt();
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return recordOf(text(reply[0]), text(reply[1]), text(reply[2]), (kind) =>
    text(reply[3 + UNIQUE_KEY_KINDS.indexOf(kind)]),
  );
}

function recordOf(
  i: string | undefined,
  v: string | undefined,
  d: string | undefined,
  digestOf: (kind: UniqueKeyKind) => string | undefined,
): TokenRecord | null {
  if (i === undefined) return null;
  let id: unknown;
  try {
    id = JSON.parse(i);
  } catch {
    throw corrupt();
  }
  if (typeof id !== 'string' || v === undefined || d === undefined) throw corrupt();
  const keys: { [K in UniqueKeyKind]?: string } = {};
  for (const kind of UNIQUE_KEY_KINDS) {
    const digest = digestOf(kind);
    if (digest !== undefined) keys[kind] = digest;
  }
  return { id, version: Number(v), keys, data: d };
}

function writeResult(reply: unknown): WriteResult {
  if (reply === 'ok') return { status: 'ok' };
  if (reply === 'stale') return { status: 'stale' };
  // The replace script's stale: the record as stored now follows (see REPLACE).
  if (Array.isArray(reply) && reply[0] === 'stale') {
    return { status: 'stale', current: fromValues(reply.slice(1)) };
  }
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
  /** Every call is a round trip: a save may start from the record just read (see core). */
  readonly remote = true;
  /** The replace script answers `stale` with the record stored now. */
  readonly staleReportsCurrent = true;
  readonly #connection: RedisConnection;
  readonly #keys: KeyLayout;
  /** The find script's ARGV: the namespace's base. */
  readonly #findArgs: readonly string[];

  constructor(connection: RedisConnection, keys: KeyLayout) {
    this.#connection = connection;
    this.#keys = keys;
    this.#findArgs = [keys.base];
  }

  get(id: string): Promise<TokenRecord | null> {
    const key = this.#keys.record(this.#keys.member(id));
    const { client } = this.#connection;
    return guarded(async () => fromValues(await client.hmget(key, ...RECORD_FIELDS)), client);
  }

  /**
   * One GET: the unique key holds its record's copy. A key written before copies existed holds
   * the bare member, and a copy that does not hold this key is not trusted: both read the
   * record hash instead (one more round trip).
   */
  async findByKey(kind: UniqueKeyKind, digest: string): Promise<TokenRecord | null> {
    const key = this.#keys.unique(kind, digest);
    const { client } = this.#connection;
    const value = await guarded(() => client.get(key), client);
    if (value === null) return null;
    const copy = recordFromCopy(value, kind, digest);
    if (copy !== undefined) return copy;
    const reply = await this.#run(FIND, [key], this.#findArgs);
    return reply === null ? null : fromValues(reply);
  }

  async insert(record: TokenRecord): Promise<WriteResult> {
    const member = this.#keys.member(record.id);
    const keys = [this.#keys.record(member), this.#keys.ids];
    const args: (string | number)[] = [
      member,
      JSON.stringify(record.id),
      record.version,
      record.data,
    ];
    for (const kind of COPY_KEY_KINDS) {
      const digest = record.keys[kind];
      if (digest !== undefined) keys.push(this.#keys.unique(kind, digest));
      args.push(digest ?? '');
    }
    return writeResult(await this.#run(INSERT, keys, args));
  }

  async replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    const member = this.#keys.member(next.id);
    const args: (string | number)[] = [
      this.#keys.base,
      member,
      previous.version,
      next.version,
      next.data,
      JSON.stringify(next.id),
    ];
    for (const kind of COPY_KEY_KINDS) args.push(previous.keys[kind] ?? '');
    for (const kind of COPY_KEY_KINDS) args.push(next.keys[kind] ?? '');
    args.push(previous.data);
    return writeResult(await this.#run(REPLACE, [this.#keys.record(member)], args));
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

  /** One script checks the version and removes the record: atomic on the server. */
  async deleteIfVersion(id: string, version: number): Promise<'deleted' | 'stale' | 'absent'> {
    const member = this.#keys.member(id);
    const reply = await this.#run(
      DELETE_IF_VERSION,
      [this.#keys.record(member), this.#keys.ids],
      [this.#keys.base, member, version],
    );
    if (reply === 'deleted' || reply === 'stale' || reply === 'absent') return reply;
    throw corrupt();
  }

  async *scan(pageSize: number): AsyncGenerator<readonly TokenRecord[]> {
    // Keyset paging on the sorted set's members: a record present throughout has one fixed
    // place in that order, so it comes exactly once (a SCAN cursor may repeat entries).
    let min = '-';
    for (;;) {
      const replies = await this.#run(PAGE, [this.#keys.ids], [this.#keys.base, min, pageSize]);
      if (!Array.isArray(replies)) throw corrupt();
      const page: TokenRecord[] = [];
      for (let at = 0; at + 1 < replies.length; at += 2) {
        const record = toRecord(fieldsOf(replies[at + 1]));
        if (record !== null) page.push(record);
        min = `(${String(replies[at])}`;
      }
      if (page.length > 0) yield page;
      if (replies.length < pageSize * 2) return;
    }
  }

  /**
   * Batch after batch, each one script; after each, `progress` (so the timeout bounds one batch,
   * not the namespace), and no further batch once core gave up on the call (its signal aborted):
   * a call the caller saw fail must not go on deleting, tokens saved after the failure too.
   */
  async clear(options?: CallOptions): Promise<void> {
    let left: unknown;
    do {
      if (options?.signal?.aborted === true) throw options.signal.reason;
      left = await this.#run(CLEAR_BATCH, [this.#keys.ids], [this.#keys.base, CLEAR_BATCH_SIZE]);
      options?.progress?.();
    } while (typeof left === 'number' && left > 0);
  }

  /** Rewrites the append-only file of every master (see `compactRedis`). */
  compact(): Promise<void> {
    return compactRedis(this.#connection.client);
  }

  close(): Promise<void> {
    return guarded(() => closeConnection(this.#connection));
  }

  /** Redis `PING`. */
  async ping(): Promise<void> {
    const { client } = this.#connection;
    await guarded(() => client.ping(), client);
  }

  describe(): string {
    const owner = this.#connection.owned ? '' : ', caller-owned client';
    return `redis ${describeClient(this.#connection.client)} prefix=${JSON.stringify(this.#keys.prefix)}${owner}`;
  }

  #run(
    script: LuaScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    const { client } = this.#connection;
    return guarded(() => runScript(client, script, keys, args), client);
  }
}
