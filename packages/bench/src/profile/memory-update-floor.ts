/**
 * How near a memory store update is to the least any store with hashed keys and JSON records
 * must do, without the bench's harness: the raw variant's update (a `Map` per key, a spread
 * object), then that plus each step a store cannot skip: the SHA-256 digest of the new access
 * token (keys are stored hashed so a dump leaks no token), the record's JSON (records are
 * stored as text so every backend shares one codec), and a copy of the token handed back (a
 * store must not hand out what it keeps). The last of those is the floor; `store.saveToken` is
 * the whole update, its promise awaited, on 300 tokens in turn as in the bench.
 * `node --import tsx src/profile/memory-update-floor.ts [rounds]`: µs of the process's CPU time
 * per call, minimum and quartile over rounds of 20,000 calls, the variants interleaved.
 */
import { digestKey } from '@tokenstore/core/backend';
import { MemoryTokenStore } from '@tokenstore/store-memory';
import { MapDriver } from '../targets/memory.js';
import { benchToken } from '../token-fixtures.js';
import { printCpuTimes } from './cpu-rounds.js';

const rounds = Number(process.argv[2] ?? '31');
const POOL = 300;
const EXPIRES_AT = 1_900_000_000_000;

const tokens = Array.from({ length: POOL }, (_, i) => benchToken(i));
const raw = new MapDriver();
const store = new MemoryTokenStore();
for (const token of tokens) {
  raw.insert(token);
  const { id: _id, ...fields } = token;
  await store.saveToken(fields);
}

/** One update: a token of the pool, its new access token (unique per call) and expiry. */
interface Update {
  readonly token: (typeof tokens)[number];
  readonly accessToken: string;
  readonly expiresAt: number;
}

let i = 0;
function next(): Update {
  i++;
  const token = tokens[i % POOL] as (typeof tokens)[number];
  return { token, accessToken: `${token.accessToken}.v${i}`, expiresAt: EXPIRES_AT + i };
}

function rawUpdate(): Update {
  const update = next();
  raw.updateByUserName(update.token, update.accessToken, update.expiresAt);
  return update;
}

function withDigest(): Update & { digest: string } {
  const update = rawUpdate();
  return { ...update, digest: digestKey({ kind: 'accessToken', parts: [update.accessToken] }) };
}

function withJson(): { json: string; record: Record<string, unknown> } {
  const { token, accessToken, expiresAt, digest } = withDigest();
  const record = { ...token, accessToken, expiresAt, digest };
  return { json: JSON.stringify(record), record };
}

await printCpuTimes(
  {
    'raw Map update': rawUpdate,
    '+ SHA-256 of the new access token': withDigest,
    '+ JSON of the record': withJson,
    'floor: + a copy handed back': () => ({ ...withJson().record }),
    'store.saveToken update': () => {
      const { token, accessToken, expiresAt } = next();
      return store.saveToken({ userName: token.userName, accessToken, expiresAt });
    },
  },
  rounds,
);
