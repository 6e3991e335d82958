/**
 * Where a Redis find by userName spends its wall time against a plain GET, one caller, in one
 * process on a redis-server started for it (1,000 tokens): the whole `store.findToken`, the
 * backend's `findByKey` (one GET of the unique key and the copy's parsing), ioredis GETs of the
 * same key with the store's client options with and without auto-pipelining, and node-redis
 * (the peers' client) GETs of the key and of a peer's JSON value.
 * `node --import tsx src/profile/redis-find-vs-get.ts [blocks]`: per variant the p50 over blocks
 * of 300 calls (the variants interleaved block by block), its ratio to node-redis's GET of the
 * JSON value, and the process's CPU time per call.
 */
import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import { benchToken } from '../token-fixtures.js';

const fromBench = createRequire(import.meta.url);
const fromKeyv = createRequire(fromBench.resolve('@keyv/redis'));
/** The part of node-redis's client used here (its types are not a dependency of the bench). */
interface NodeRedisClient {
  connect(): Promise<unknown>;
  get(key: string): Promise<string | null>;
  quit(): Promise<unknown>;
}
const { createClient } = fromKeyv('@redis/client') as {
  createClient(options: { url: string }): NodeRedisClient;
};
const { KeyLayout, RedisBackend, RedisTokenStore, REDIS_CLIENT_DEFAULTS } = await import(
  '@tokenstore/store-redis'
);
const { startRedis } = await import('@tokenstore/test-servers');

const blocks = Number(process.argv[2] ?? '20');
const CALLS = 300;
const server = await startRedis();
const client = new Redis(server.url, REDIS_CLIENT_DEFAULTS);
const autoPipelined = new Redis(server.url, {
  ...REDIS_CLIENT_DEFAULTS,
  enableAutoPipelining: true,
});
const nodeRedis = createClient({ url: server.url });
await nodeRedis.connect();
const layout = new KeyLayout('st:');
const store = new RedisTokenStore({ client, prefix: 'st:' });
const backend = new RedisBackend({ client, owned: false }, layout);
const tokens = Array.from({ length: 1_000 }, (_, i) => benchToken(i));
const digests: string[] = [];
for (const { id: _id, ...token } of tokens) {
  const saved = await store.saveToken(token);
  const digest = await client.hget(layout.record(layout.member(saved.id)), 'k:userName');
  if (digest === null) throw new Error('no record for a seeded token');
  digests.push(digest);
  await client.set(`blob:${token.userName}`, JSON.stringify(token));
}
const keys = digests.map((digest) => layout.unique('userName', digest));

let i = 0;
const at = <T>(list: readonly T[]): T => list[i % list.length] as T;
const variants: Record<string, () => Promise<unknown>> = {
  'store.findToken': () => store.findToken({ userName: at(tokens).userName }),
  'backend.findByKey': () => backend.findByKey('userName', at(digests)),
  'ioredis GET, store options': () => client.get(at(keys)),
  'ioredis GET, auto-pipelined': () => autoPipelined.get(at(keys)),
  'node-redis GET of the copy': () => nodeRedis.get(at(keys)),
  "node-redis GET of a peer's JSON": async () =>
    JSON.parse((await nodeRedis.get(`blob:${at(tokens).userName}`)) ?? 'null'),
};
const wall = new Map<string, number[]>(Object.keys(variants).map((name) => [name, []]));
const cpu = new Map<string, number>();
const sys = new Map<string, number>();
for (let b = 0; b < blocks; b++) {
  for (const [name, run] of Object.entries(variants)) {
    const times = wall.get(name) as number[];
    const before = process.cpuUsage();
    for (let n = 0; n < CALLS; n++, i++) {
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    const used = process.cpuUsage(before);
    cpu.set(name, (cpu.get(name) ?? 0) + used.user + used.system);
    sys.set(name, (sys.get(name) ?? 0) + used.system);
  }
}
const p50 = (name: string) => {
  const sorted = [...(wall.get(name) as number[])].sort((a, b) => a - b);
  return (sorted[Math.floor(sorted.length / 2)] as number) * 1000;
};
const base = p50("node-redis GET of a peer's JSON");
for (const name of Object.keys(variants)) {
  const cpuPerCall = (cpu.get(name) ?? 0) / (blocks * CALLS);
  const sysPerCall = (sys.get(name) ?? 0) / (blocks * CALLS);
  console.log(
    `${name.padEnd(34)} p50 ${p50(name).toFixed(1).padStart(6)} µs  ${(p50(name) / base).toFixed(2)}x  CPU ${cpuPerCall.toFixed(1)} µs/call (system ${sysPerCall.toFixed(1)})`,
  );
}
await store.close();
client.disconnect();
autoPipelined.disconnect();
await nodeRedis.quit();
await server.stop();
