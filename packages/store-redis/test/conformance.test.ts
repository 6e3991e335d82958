import { byNamespace } from '@tokenstore/core/conformance';
import { describeTokenStore } from '@tokenstore/core/vitest';
import {
  type RedisClusterServer,
  type RedisServer,
  startRedis,
  startRedisCluster,
} from '@tokenstore/test-servers';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { REDIS_CLIENT_DEFAULTS, RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';

// The whole suite twice: on one redis-server, each store with its own connection from the URL;
// and on a 3-master Redis Cluster, every store on one shared Cluster client. Each store gets a
// fresh random prefix on the same server; reopen = a new store with the same prefix.
let single: RedisServer;
let cluster: RedisClusterServer;
let clusterClient: Cluster;

beforeAll(async () => {
  [single, cluster] = await Promise.all([startRedis(), startRedisCluster()]);
  clusterClient = new Cluster([...cluster.nodes], {
    enableAutoPipelining: true,
    redisOptions: REDIS_CLIENT_DEFAULTS,
  });
});

afterAll(async () => {
  clusterClient?.disconnect();
  await Promise.all([single?.stop(), cluster?.stop()]);
});

describeTokenStore(
  'redis single node',
  byNamespace((prefix) => new RedisTokenStore({ url: single.url, prefix }), randomPrefix),
);

describeTokenStore(
  'redis cluster (3 masters)',
  byNamespace((prefix) => new RedisTokenStore({ client: clusterClient, prefix }), randomPrefix),
);
