/**
 * Where a SQLite find's time goes, measured in one process on one file (WAL, 1,000 tokens or
 * the count given; with more than 1,000, each variant cycles through 4,096 tokens picked at
 * random, as the bench's scaling rows do, so core's caches of 1,024 rows and digests miss):
 * the store's prepared statement alone, the backend's synchronous `findByKey` (statement and
 * record) and `findDataByKey` (a find's: no key columns), the whole `store.findToken` (core's
 * part on top: validation, key digest, JSON decoding, the promise), and the raw driver's
 * statement on the column-per-field table; the same by access token, and the raw statement's
 * and the backend's answer awaited as a resolved promise (what a store call costs on top).
 * The floor is what any store keeping this schema must do per find and nothing more: the key's
 * SHA-256 digest, the backend's statement, the record's JSON parse (no validation, no token
 * object, no promise); set against `raw statement`, it says how close to raw a find can get.
 * `node --import tsx src/profile/sqlite-find-split.ts [rounds] [tokens]`: µs of the process's CPU time
 * per call (time spent waiting for a core on a shared machine does not count), minimum and
 * quartile over rounds of 20,000 calls, the variants interleaved.
 */
import { hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestKey } from '@tokenstore/core/backend';
import { SqliteBackend, SqliteTokenStore } from '@tokenstore/store-sqlite';
import Sqlite from 'better-sqlite3';
import { seededRandom } from '../seeded-random.js';
import { RAW_FIELDS, RAW_PLACEHOLDERS, rawRow } from '../targets/raw-table.js';
import { seedRecord } from '../targets/seed-record.js';
import { createRawTable } from '../targets/sqlite.js';
import { benchToken } from '../token-fixtures.js';
import { printCpuTimes } from './cpu-rounds.js';

const rounds = Number(process.argv[2] ?? '31');
const count = Number(process.argv[3] ?? '1000');
/** Tokens looked up in turn: all of them, or 4,096 picked at random among many. */
const PICKS = 4_096;
const dir = mkdtempSync(join(tmpdir(), 'tokenstore-find-split-'));
const db = new Sqlite(join(dir, 'split.db'), { timeout: 5000 });
db.pragma('journal_mode = WAL');
const backend = new SqliteBackend({ db, table: 'tokens', owned: false });
const store = new SqliteTokenStore({ database: db, table: 'tokens' });
createRawTable(db);
const insertRaw = db.prepare(`INSERT INTO raw_tokens (${RAW_FIELDS}) VALUES (${RAW_PLACEHOLDERS})`);
const all = Array.from({ length: count }, (_, i) => benchToken(i));
db.transaction(() => {
  for (const token of all) {
    void backend.insert(seedRecord(token));
    insertRaw.run(rawRow(token));
  }
})();
const next01 = seededRandom(count);
/** A pick in [0, count), the same every run. */
const pick = () => Math.floor(next01() * count);
const tokens =
  count <= 1_000 ? all : Array.from({ length: PICKS }, () => all[pick()] as (typeof all)[number]);
const digestOf = db.prepare('SELECT user_key FROM tokens WHERE id = ?').pluck();
const digests = tokens.map((token) => digestOf.get(token.id) as string);
const names = tokens.map((token) => token.userName);
const accessTokens = tokens.map((token) => token.accessToken);
const rawByAccess = db.prepare(`SELECT ${RAW_FIELDS} FROM raw_tokens WHERE access_token = ?`);
const dataOf = db.prepare('SELECT data FROM tokens WHERE id = ?').pluck();
const data = tokens.map((token) => dataOf.get(token.id) as string);
const statement = db.prepare(
  'SELECT id, version, user_key, access_key, refresh_key, grant_key, data FROM tokens WHERE user_key = ?',
);
const rawStatement = db.prepare(`SELECT ${RAW_FIELDS} FROM raw_tokens WHERE user_name = ?`);
const sync = backend.sync;
if (sync === undefined) throw new Error('the SQLite backend has no synchronous calls');
await store.findToken({ userName: names[0] as string }); // sets the schema up

let i = 0;
const next = () => i++ % tokens.length;
const variants: Record<string, () => unknown> = {
  'store statement': () => statement.get(digests[next()]),
  'backend findByKey': () => sync.findByKey('userName', digests[next()] as string),
  'backend findDataByKey': () => sync.findDataByKey?.('userName', digests[next()] as string),
  'store.findToken': () => store.findToken({ userName: names[next()] as string }),
  'floor: digest, statement, JSON.parse': () => {
    const digest = digestKey({ kind: 'userName', parts: [names[next()] as string] });
    const record = sync.findDataByKey?.('userName', digest);
    return record == null ? null : JSON.parse(record.data);
  },
  'raw statement': () => rawStatement.get(names[next()]),
  'store.findToken by accessToken': () =>
    store.findToken({ accessToken: accessTokens[next()] as string }),
  'raw statement by accessToken': () => rawByAccess.get(accessTokens[next()]),
  'raw statement by accessToken, awaited': () =>
    Promise.resolve(rawByAccess.get(accessTokens[next()])),
  'backend findDataByKey, awaited': () =>
    Promise.resolve(sync.findDataByKey?.('userName', digests[next()] as string)),
  '  of which JSON.parse': () => JSON.parse(data[next()] as string),
  '  of which SHA-256': () => hash('sha256', names[next()] as string, 'base64url'),
};
await printCpuTimes(variants, rounds);
await store.close();
db.close();
rmSync(dir, { recursive: true, force: true });
