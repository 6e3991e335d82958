/**
 * Redis server time per call (`INFO commandstats` usec_per_call) of the store's scripts against
 * plain commands, each run alone in rounds on a server started for it:
 * `node --import tsx src/profile/redis-server-time.ts [rounds] [calls]`. Prints per command the
 * median and the min–max over rounds. An empty script (`return 1`) and one that only GETs a
 * key show the floor of any EVALSHA, and of any script that reads, on this server.
 */
import { Redis } from 'ioredis';
import { benchToken } from '../token-fixtures.js';

const [roundsText = '5', callsText = '3000'] = process.argv.slice(2);
const rounds = Number(roundsText);
const calls = Number(callsText);

const { KeyLayout, RedisTokenStore } = await import('@tokenstore/store-redis');
const { startRedis } = await import('@tokenstore/test-servers');
const server = await startRedis();
const client = new Redis(server.url);
const store = new RedisTokenStore({ url: server.url, prefix: 'st:' });
const tokens = Array.from({ length: 1_000 }, (_, i) => benchToken(i));
const ids: string[] = [];
for (const { id: _id, ...token } of tokens) {
  ids.push((await store.saveToken(token)).id);
  await client.hset(`raw:${token.userName}`, { ...token, version: 1 });
  await client.set(`blob:${token.userName}`, JSON.stringify(token));
}
// The first 100 tokens' userName keys as stores wrote them before record copies (the bare
// member): a find reads the record through the find script then.
const layout = new KeyLayout('st:');
for (const id of ids.slice(0, 100)) {
  const member = layout.member(id);
  const digest = await client.hget(layout.record(member), 'k:userName');
  if (digest === null) throw new Error('no record for a seeded token');
  await client.set(layout.unique('userName', digest), member);
}
const empty = (await client.script('LOAD', 'return 1')) as string;
const oneGet = (await client.script('LOAD', "return redis.call('GET', KEYS[1])")) as string;

async function usecPerCall(work: (i: number) => Promise<unknown>): Promise<Record<string, number>> {
  await client.config('RESETSTAT');
  for (let i = 0; i < calls; i++) await work(i);
  const text = await client.info('commandstats');
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    out[m[1] as string] = Number(m[3]) / Number(m[2]);
  }
  return out;
}

const at = (i: number) => tokens[i % tokens.length]!;
const cases: [string, string, (i: number) => Promise<unknown>][] = [
  [
    'HSET (2 fields)',
    'hset',
    (i) => client.hset(`raw:${at(i).userName}`, 'accessToken', `a${i}`, 'expiresAt', i),
  ],
  ['HGETALL', 'hgetall', (i) => client.hgetall(`raw:${at(i).userName}`)],
  ['GET (a JSON blob, as keyv)', 'get', (i) => client.get(`blob:${at(i).userName}`)],
  ['EVALSHA return 1', 'evalsha', () => client.evalsha(empty, 0)],
  ['EVALSHA of one GET', 'evalsha', (i) => client.evalsha(oneGet, 1, `blob:${at(i).userName}`)],
  ['store find (GET of the copy)', 'get', (i) => store.findToken({ userName: at(i).userName })],
  [
    'store find, old layout (script)',
    'evalsha',
    (i) => store.findToken({ userName: at(i % 100).userName }),
  ],
  [
    'store update: replace script',
    'evalsha',
    (i) =>
      store.saveToken({
        userName: at(100 + (i % 900)).userName,
        accessToken: `${at(100 + (i % 900)).accessToken}.${i}`,
      }),
  ],
];
const seen = new Map<string, number[]>();
for (let round = 0; round < rounds; round++) {
  for (const [name, command, work] of cases) {
    const stats = await usecPerCall(work);
    const list = seen.get(name) ?? [];
    list.push(stats[command] ?? Number.NaN);
    seen.set(name, list);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
const hset = median(seen.get('HSET (2 fields)')!);
for (const [name, values] of seen) {
  const m = median(values);
  console.log(
    `${name.padEnd(30)} ${m.toFixed(2).padStart(7)} µs/call (rounds ${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})  ${(m / hset).toFixed(2)}x HSET`,
  );
}
console.log('(update: the replace script; its find is a GET, not counted in that row)');
await store.close();
client.disconnect();
await server.stop();
process.exit(0);
