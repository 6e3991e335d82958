import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './binaries.js';
import { ENV_REDIS_URL, envUrl, loopbackHosts } from './external.js';
import { LOOPBACK } from './free-port.js';
import { ServerProcess, trackTempDir } from './process.js';
import { redisCommand, redisPing } from './redis-protocol.js';
import { externalServer, type RestartableServer, startRestartable } from './restartable-server.js';
import { waitUntilReady } from './wait.js';

/** Options of {@link startRedis}. */
export interface RedisOptions {
  /** Turn on the append-only file, so data survives restart() and kill(). Default false. */
  readonly appendonly?: boolean;
  /** How often the AOF is fsynced (with `appendonly`). Default 'always'. */
  readonly appendfsync?: 'always' | 'everysec';
  /** Data directory; default a fresh temp dir, removed by stop(). A given dir is kept. */
  readonly dir?: string;
  /** Port on 127.0.0.1; default a free one. */
  readonly port?: number;
  /** Extra `--name value` arguments for redis-server, e.g. `['--maxmemory', '10mb']`. */
  readonly args?: readonly string[];
}

/** A Redis server on loopback. */
export type RedisServer = RestartableServer;

/** The redis-server arguments for one node; exported for the cluster starter. */
export function redisArgs(port: number, dir: string, options: RedisOptions = {}): string[] {
  const settings: [string, string][] = [
    ['port', String(port)],
    ['bind', LOOPBACK],
    ['dir', dir],
    ['daemonize', 'no'],
    ['save', ''], // no RDB snapshots: persistence, when wanted, is the AOF's
    ['logfile', ''], // log to stdout, which is captured for error messages
    ['protected-mode', 'yes'],
    ['enable-debug-command', 'local'], // DEBUG SLEEP and friends, for fault tests
    ['appendonly', options.appendonly ? 'yes' : 'no'],
  ];
  if (options.appendonly) settings.push(['appendfsync', options.appendfsync ?? 'always']);
  return [...settings.flatMap(([name, value]) => [`--${name}`, value]), ...(options.args ?? [])];
}

/**
 * Spawns redis-server with `args` and waits until it answers PING with +PONG and INFO names its
 * pid (so a server that already held the port is never mistaken for it). Throws with the
 * server's output when it exits or is not ready in time.
 */
export async function spawnRedis(port: number, args: readonly string[]): Promise<ServerProcess> {
  const proc = new ServerProcess('redis-server', findBinary('redis-server'), args);
  await waitUntilReady(proc, `redis-server on ${LOOPBACK}:${port}`, async () => {
    const info = await redisCommand(LOOPBACK, port, ['INFO', 'server']);
    if (typeof info !== 'string' || !info.includes(`process_id:${proc.pid}\r\n`)) return false;
    return redisPing(LOOPBACK, port); // -LOADING while the AOF loads
  });
  return proc;
}

/**
 * Starts `redis-server` on 127.0.0.1 on a free port, without persistence unless `appendonly`,
 * and resolves once it answers PING. When `REDIS_URL` is set (loopback only), resolves with a
 * handle to that server instead.
 *
 * @throws Error naming scripts/install-test-servers when redis-server is not installed.
 */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const external = envUrl(ENV_REDIS_URL);
  if (external !== undefined) {
    const [first] = loopbackHosts(external, 6379, ENV_REDIS_URL);
    return externalServer(
      external,
      first?.host ?? LOOPBACK,
      first?.port ?? 6379,
      'Redis',
      ENV_REDIS_URL,
    );
  }

  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tokenstore-redis-'));
  if (ownDir) trackTempDir(dir);
  else mkdirSync(dir, { recursive: true });

  return startRestartable({
    dir,
    ownDir,
    ...(options.port === undefined ? {} : { port: options.port }),
    url: (port) => `redis://${LOOPBACK}:${port}`,
    spawn: (port) => spawnRedis(port, redisArgs(port, dir, options)),
  });
}
