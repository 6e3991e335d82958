import { type RedisClusterServer, startRedisCluster } from '@tokenstore/test-servers';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_CLIENT_DEFAULTS, RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';

let cluster: RedisClusterServer;
let client: Cluster;

beforeAll(async () => {
  cluster = await startRedisCluster();
  client = new Cluster([...cluster.nodes], { redisOptions: REDIS_CLIENT_DEFAULTS });
});

afterAll(async () => {
  client?.disconnect();
  await cluster?.stop();
});

/** The keys of a prefix on each master (KEYS here only inspects the test's own cluster). */
async function keysPerMaster(prefix: string): Promise<string[][]> {
  return Promise.all(client.nodes('master').map((node) => node.keys(`{${prefix}}*`)));
}

describe('redis cluster', () => {
  it('keeps every key of one prefix on one master (one hash slot), and spreads prefixes', async () => {
    const prefixes = Array.from({ length: 12 }, () => randomPrefix());
    const stores = prefixes.map((prefix) => new RedisTokenStore({ client, prefix }));
    await Promise.all(
      stores.map((store, i) =>
        store.saveToken({
          userName: `u${i}`,
          clientId: 'c',
          clientSecret: 's',
          accessToken: `a${i}`,
          refreshToken: `r${i}`,
          grantToken: `g${i}`,
        }),
      ),
    );

    const holders = new Set<number>();
    for (const prefix of prefixes) {
      const perMaster = await keysPerMaster(prefix);
      const holding = perMaster.flatMap((keys, master) => (keys.length > 0 ? [master] : []));
      expect(holding).toHaveLength(1); // record, ids and four unique keys all on one master
      expect(perMaster[holding[0]!]).toHaveLength(6);
      const slots = await Promise.all(
        perMaster[holding[0]!]!.map((key) => client.cluster('KEYSLOT', key)),
      );
      expect(new Set(slots).size).toBe(1);
      holders.add(holding[0]!);
    }
    // Twelve random prefixes over three masters: all on one would be a broken hash tag.
    expect(holders.size).toBeGreaterThan(1);

    await Promise.all(stores.map((store) => store.deleteTokens()));
    for (const prefix of prefixes) expect((await keysPerMaster(prefix)).flat()).toEqual([]);
    await Promise.all(stores.map((store) => store.close()));
    expect(client.status).toBe('ready');
  });
});
