import { UNIQUE_KEY_KINDS } from '@tokenstore/core/backend';
import type { Redis as RedisClient } from 'ioredis';
import type { BenchToken } from '../token-fixtures.js';
import { redisPeers } from './peers.js';
import { seedThroughBackend } from './seed-record.js';
import type { BenchTarget, OpenTarget, RawDriver } from './target.js';

const PREFIX = 'bench:';
/** Seeding: records in flight at once (their commands share the connection's round trips). */
const SEED_IN_FLIGHT = 2_000;

const rawKey = (t: BenchToken) => `raw:${t.userName}`;

function fields(t: BenchToken): Record<string, string | number> {
  return { ...t, version: 1 };
}

/**
 * The floor of a keyed read in Redis: one HGETALL of a hash whose key the caller already knows
 * (a hash per token, keyed by userName), whatever the lookup rule. A hand-written store finding
 * by accessToken would need an index key and a second round trip or a script, as the store has.
 */
class RedisDriver implements RawDriver {
  readonly label = 'ioredis HGETALL/HSET of a known key (a hash per token)';
  readonly #redis: RedisClient;

  constructor(redis: RedisClient) {
    this.#redis = redis;
  }

  insert(t: BenchToken): Promise<unknown> {
    return this.#redis.hset(rawKey(t), fields(t));
  }

  async insertMany(tokens: readonly BenchToken[]): Promise<void> {
    const pipeline = this.#redis.pipeline();
    for (const t of tokens) pipeline.hset(rawKey(t), fields(t));
    await pipeline.exec();
  }

  delete(t: BenchToken): Promise<unknown> {
    return this.#redis.del(rawKey(t));
  }

  updateByUserName(t: BenchToken, accessToken: string, expiresAt: number): Promise<unknown> {
    return this.#redis.hset(rawKey(t), 'accessToken', accessToken, 'expiresAt', expiresAt);
  }

  findByUserName(t: BenchToken): Promise<unknown> {
    return this.#get(t);
  }

  findByAccessToken(t: BenchToken): Promise<unknown> {
    return this.#get(t);
  }

  findByClientRefresh(t: BenchToken): Promise<unknown> {
    return this.#get(t);
  }

  findByClientGrant(t: BenchToken): Promise<unknown> {
    return this.#get(t);
  }

  findById(t: BenchToken): Promise<unknown> {
    return this.#get(t);
  }

  async scanAll(): Promise<number> {
    let n = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.#redis.scan(cursor, 'MATCH', 'raw:*', 'COUNT', 100);
      cursor = next;
      const pipeline = this.#redis.pipeline();
      for (const key of keys) pipeline.hgetall(key);
      n += ((await pipeline.exec()) ?? []).length;
    } while (cursor !== '0');
    return n;
  }

  async #get(t: BenchToken): Promise<unknown> {
    const hash = await this.#redis.hgetall(rawKey(t));
    return Object.keys(hash).length === 0 ? null : hash;
  }
}

/** redis-server started by the benchmark (or REDIS_URL), without persistence. */
export const redisTarget: BenchTarget = {
  name: 'redis',
  maxTokens: { count: 1_000_000, why: 'in Redis memory (about 2 GB at 1M for both layouts)' },
  concurrency: true,
  async open(): Promise<OpenTarget> {
    const { KeyLayout, REDIS_CLIENT_DEFAULTS, RedisBackend, RedisTokenStore } = await import(
      '@tokenstore/store-redis'
    );
    const { Redis } = await import('ioredis');
    const { startRedis } = await import('@tokenstore/test-servers');
    const server = await startRedis();
    const clientOptions = { ...REDIS_CLIENT_DEFAULTS, commandTimeout: 120_000 };
    const store = new RedisTokenStore({ url: server.url, prefix: PREFIX });
    const seeder = new Redis(server.url, clientOptions);
    const rawClient = new Redis(server.url);
    const backend = new RedisBackend({ client: seeder, owned: false }, new KeyLayout(PREFIX));
    const keys = new KeyLayout(PREFIX);
    const raw = new RedisDriver(rawClient);
    return {
      store,
      raw,
      async seedStore(tokens, updatedAt) {
        await seedThroughBackend(backend, tokens, updatedAt, {
          target: 'redis',
          inFlight: SEED_IN_FLIGHT,
        });
      },
      async seedRaw(tokens) {
        for (let at = 0; at < tokens.length; at += SEED_IN_FLIGHT) {
          await raw.insertMany(tokens.slice(at, at + SEED_IN_FLIGHT));
        }
      },
      async readStored(id) {
        const member = keys.member(id);
        const record = await seeder.hgetall(keys.record(member));
        const uniques: Record<string, string | null> = {};
        for (const kind of UNIQUE_KEY_KINDS) {
          const digest = record[KeyLayout.field(kind)];
          if (digest !== undefined) uniques[kind] = await seeder.get(keys.unique(kind, digest));
        }
        const indexed = await seeder.zscore(keys.ids, member);
        return { record, uniques, indexed };
      },
      async commandStats(work) {
        // First pass under MONITOR: which commands the client sent (a script's own commands
        // come from "lua"). Second pass without it (MONITOR slows the server): their time.
        const sent = new Map<string, number>();
        const monitor = await seeder.monitor();
        monitor.on('monitor', (_time: string, args: string[], source: string) => {
          const command = String(args[0]).toLowerCase();
          if (source !== 'lua') sent.set(command, (sent.get(command) ?? 0) + 1);
        });
        await work();
        await seeder.ping(); // MONITOR lines arrive in order: all of work's are in by the reply
        await new Promise((resolve) => setTimeout(resolve, 50));
        monitor.disconnect();
        await seeder.config('RESETSTAT');
        await work();
        const text = await seeder.info('commandstats');
        const stats: Record<string, { calls: number; usec: number }> = {};
        for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
          const command = match[1] as string;
          const calls = sent.get(command) ?? 0;
          if (calls === 0) continue;
          // A script's time includes the commands it ran; a plain command's time per call is
          // the same whether the client or a script sent it.
          stats[command] = { calls, usec: (Number(match[3]) / Number(match[2])) * calls };
        }
        return stats;
      },
      peers: () => redisPeers(server.url),
      async close() {
        await store.close();
        seeder.disconnect();
        rawClient.disconnect();
        await server.stop();
      },
    };
  },
};
