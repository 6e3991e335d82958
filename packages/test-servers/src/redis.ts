import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './binaries.js';
import { ENV_REDIS_URL, envUrl, externalServerError, loopbackHosts } from './external.js';
import { freePort, LOOPBACK } from './free-port.js';
import { removeTempDir, ServerProcess, trackTempDir } from './process.js';
import { redisCommand, redisPing } from './redis-protocol.js';
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
export interface RedisServer {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Its data directory; undefined for a server from REDIS_URL. */
  readonly dir: string | undefined;
  /** True when it came from REDIS_URL: stop() does nothing, restart() and kill() throw. */
  readonly external: boolean;
  /** SIGTERM and wait for the exit; removes the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** Stops (SIGTERM, or SIGKILL with `{ kill: true }`) and starts again on the same port and dir. */
  restart(options?: { kill?: boolean }): Promise<void>;
  /** SIGKILL and wait for the exit, leaving the server down until restart(). */
  kill(): Promise<void>;
}

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

function externalRedis(url: string): RedisServer {
  const [first] = loopbackHosts(url, 6379, ENV_REDIS_URL);
  const host = first?.host ?? LOOPBACK;
  const port = first?.port ?? 6379;
  return {
    url,
    host,
    port,
    dir: undefined,
    external: true,
    stop: async () => {},
    restart: async () => {
      throw externalServerError('Redis', ENV_REDIS_URL, 'restart');
    },
    kill: async () => {
      throw externalServerError('Redis', ENV_REDIS_URL, 'kill');
    },
  };
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
  if (external !== undefined) return externalRedis(external);

  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tokenstore-redis-'));
  if (ownDir) trackTempDir(dir);
  else mkdirSync(dir, { recursive: true });

  let port = options.port ?? (await freePort());
  let proc: ServerProcess | undefined;
  for (let attempt = 1; proc === undefined; attempt++) {
    try {
      proc = await spawnRedis(port, redisArgs(port, dir, options));
    } catch (error) {
      // The free port was taken between freePort() and the bind: try another one.
      const raced = error instanceof Error && /Address already in use/i.test(error.message);
      if (!raced || options.port !== undefined || attempt >= 3) {
        if (ownDir) removeTempDir(dir);
        throw error;
      }
      port = await freePort();
    }
  }

  let current: ServerProcess | undefined = proc;
  let stopped = false;
  const args = redisArgs(port, dir, options);
  return {
    url: `redis://${LOOPBACK}:${port}`,
    host: LOOPBACK,
    port,
    dir,
    external: false,
    async stop() {
      if (stopped) return;
      stopped = true;
      await current?.stop();
      current = undefined;
      if (ownDir) removeTempDir(dir);
    },
    async restart(restartOptions = {}) {
      if (stopped) throw new Error('restart() after stop(): start a new server instead');
      if (current) await (restartOptions.kill ? current.kill() : current.stop());
      current = undefined;
      current = await spawnRedis(port, args);
    },
    async kill() {
      if (stopped) return;
      await current?.kill();
      current = undefined;
    },
  };
}
