import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './binaries.js';
import { freeClusterPort, LOOPBACK } from './free-port.js';
import { removeTempDir, type ServerProcess, trackTempDir } from './process.js';
import { redisArgs, spawnRedis } from './redis.js';
import { redisCommand } from './redis-protocol.js';
import { pollUntil } from './wait.js';

/** One node of a Redis Cluster. */
export interface RedisClusterNode {
  readonly host: string;
  readonly port: number;
}

/** A 3-master Redis Cluster on loopback, every slot assigned, `cluster_state:ok` on each node. */
export interface RedisClusterServer {
  /** The masters, e.g. for `new Redis.Cluster(nodes)`. */
  readonly nodes: readonly RedisClusterNode[];
  /** Stops every node (SIGTERM, wait) and removes their temp dirs. Idempotent. */
  stop(): Promise<void>;
}

const MASTERS = 3;

/** Runs `redis-cli --cluster create ... --cluster-yes` and resolves when it exits 0. */
function createCluster(ports: readonly number[]): Promise<void> {
  const args = [
    '--cluster',
    'create',
    ...ports.map((port) => `${LOOPBACK}:${port}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ];
  return new Promise((resolve, reject) => {
    execFile(findBinary('redis-cli'), args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error)
        reject(
          new Error(`redis-cli --cluster create failed: ${error.message}\n${stdout}${stderr}`),
        );
      else resolve();
    });
  });
}

/** The `cluster_state` field of CLUSTER INFO on one node. */
async function clusterState(port: number): Promise<string> {
  const info = await redisCommand(LOOPBACK, port, ['CLUSTER', 'INFO']);
  if (typeof info !== 'string') return `unexpected reply ${String(info)}`;
  return /cluster_state:(\w+)/.exec(info)?.[1] ?? 'missing';
}

/**
 * Starts three `redis-server --cluster-enabled yes` masters, each with its own temp dir and a port
 * P whose bus port P+10000 is free too, joins them with `redis-cli --cluster create`, and resolves
 * once CLUSTER INFO reports `cluster_state:ok` on every node. Always self-started (REDIS_URL is
 * not used here).
 *
 * @throws Error naming scripts/install-test-servers when redis-server or redis-cli is missing.
 */
export async function startRedisCluster(): Promise<RedisClusterServer> {
  findBinary('redis-cli'); // fail before starting anything
  const dirs: string[] = [];
  const procs: ServerProcess[] = [];
  const ports: number[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(procs.map((proc) => proc.stop()));
    for (const dir of dirs) removeTempDir(dir);
  };
  try {
    for (let i = 0; i < MASTERS; i++) {
      const dir = mkdtempSync(join(tmpdir(), `tokenstore-redis-cluster-${i}-`));
      trackTempDir(dir);
      dirs.push(dir);
      const port = await freeClusterPort();
      ports.push(port);
      const args = redisArgs(port, dir, {
        args: [
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-node-timeout',
          '5000',
        ],
      });
      procs.push(await spawnRedis(port, args));
    }
    await createCluster(ports);
    const states = new Map<number, string>();
    await pollUntil(
      async () => {
        for (const port of ports) states.set(port, await clusterState(port));
        return ports.every((port) => states.get(port) === 'ok');
      },
      () =>
        `Redis Cluster did not reach cluster_state:ok on every node: ${ports.map((p) => `${p}=${states.get(p) ?? '?'}`).join(', ')}`,
    );
  } catch (error) {
    await stopAll();
    throw error;
  }

  let stopped = false;
  return {
    nodes: ports.map((port) => ({ host: LOOPBACK, port })),
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopAll();
    },
  };
}
