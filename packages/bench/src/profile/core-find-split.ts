/**
 * Core's part of a keyed find on a row that is a new object on every read (what SQLite,
 * PostgreSQL and MySQL hand core), without a database: a backend whose synchronous reads build
 * a fresh record from a fresh copy of the stored bytes, as a driver does (a find's without the
 * record's keys, as SQLite's `findDataByKey`). Variants, each adding one step: the fresh record
 * alone, its JSON parse, the lookup key's digest, the query's validation and lookup key, and the
 * whole `store.findToken` (its promise awaited), by userName and by id. `node --import tsx src/profile/core-find-split.ts [rounds] [tokens]`: µs of the process's
 * CPU time per call (time spent waiting for a core on a shared machine does not count), minimum
 * and quartile over rounds of 20,000 calls, the variants interleaved.
 */
import {
  BackedTokenStore,
  digestKey,
  lookupKeyOf,
  normalizeToken,
  type RecordBackend,
  type RecordData,
  type SyncRecordCalls,
  type TokenRecord,
  type UniqueKeyKind,
} from '@tokenstore/core/backend';
import { seedRecord } from '../targets/seed-record.js';
import { benchToken } from '../token-fixtures.js';
import { printCpuTimes } from './cpu-rounds.js';

const rounds = Number(process.argv[2] ?? '31');
/** Tokens read in turn: past the 1,024 core keeps decoded, every store find is a miss. */
const TOKENS = Number(process.argv[3] ?? '1000');

/** A stored row: what a driver keeps, the record's data as bytes. */
interface Row {
  readonly id: string;
  readonly version: number;
  readonly keys: TokenRecord['keys'];
  readonly data: Buffer;
}

const tokens = Array.from({ length: TOKENS }, (_, i) => benchToken(i));
const rows = tokens.map((token): Row => {
  const record = seedRecord(token);
  return { ...record, data: Buffer.from(record.data) };
});
const byId = new Map(rows.map((row) => [row.id, row]));
const byUserKey = new Map(rows.map((row) => [row.keys.userName as string, row]));

/** A new record object with a new data string, as a driver decodes a row. */
function fresh(row: Row | undefined): TokenRecord | null {
  if (row === undefined) return null;
  return {
    id: row.id,
    version: row.version,
    keys: { ...row.keys },
    data: row.data.toString('utf8'),
  };
}

function lookUp(kind: UniqueKeyKind, digest: string): Row | undefined {
  if (kind !== 'userName') throw new Error('only userName is indexed here');
  return byUserKey.get(digest);
}

/** A find's read, as SQLite's: the record without its keys. */
function freshData(row: Row | undefined): RecordData | null {
  return row === undefined ? null : { id: row.id, version: row.version, data: row.data.toString() };
}

const sync: SyncRecordCalls = {
  get: (id) => fresh(byId.get(id)),
  findByKey: (kind, digest) => fresh(lookUp(kind, digest)),
  getData: (id) => freshData(byId.get(id)),
  findDataByKey: (kind, digest) => freshData(lookUp(kind, digest)),
  insert: () => undefined,
  replace: () => undefined,
};
const unused = (): never => {
  throw new Error('not used by a find');
};
const backend: RecordBackend = {
  sync,
  get: async (id) => fresh(byId.get(id)),
  findByKey: async (kind, digest) => fresh(lookUp(kind, digest)),
  insert: unused,
  replace: unused,
  delete: unused,
  scan: unused,
  clear: unused,
  close: async () => {},
  describe: () => 'fresh rows in memory',
};
const store = new BackedTokenStore(backend);
const names = tokens.map((token) => token.userName);
const ids = tokens.map((token) => token.id);
const digests = rows.map((row) => row.keys.userName as string);
const queries = names.map((userName) => ({ userName }));

let i = 0;
const next = () => i++ % TOKENS;
const variants: Record<string, () => unknown> = {
  'fresh record': () => sync.findDataByKey?.('userName', digests[next()] as string),
  '+ JSON.parse': () =>
    JSON.parse(sync.findDataByKey?.('userName', digests[next()] as string)?.data ?? ''),
  '+ digest': () => {
    const digest = digestKey({ kind: 'userName', parts: [names[next()] as string] });
    return JSON.parse(sync.findDataByKey?.('userName', digest)?.data ?? '');
  },
  '+ query checked': () => {
    const key = lookupKeyOf(normalizeToken(queries[next()]));
    if (key === undefined) throw new Error('no lookup key');
    return JSON.parse(sync.findDataByKey?.(key.kind, digestKey(key))?.data ?? '');
  },
  'store.findToken': () => store.findToken(queries[next()] as { userName: string }),
  'store.findTokenById': () => store.findTokenById(ids[next()] as string),
};
await printCpuTimes(variants, rounds);
