import { externalServerError } from './external.js';
import { freePort, LOOPBACK } from './free-port.js';
import { removeTempDir, type ServerProcess } from './process.js';

/** A server on loopback that fault tests can stop, restart and kill. */
export interface RestartableServer {
  /** How clients reach it, e.g. `redis://127.0.0.1:PORT`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Its data directory; undefined for a server from an env URL. */
  readonly dir: string | undefined;
  /** True when it came from an env URL: stop() does nothing, restart() and kill() throw. */
  readonly external: boolean;
  /** SIGTERM and wait for the exit; removes a temp data dir. Idempotent. */
  stop(): Promise<void>;
  /** Stops (SIGTERM, or SIGKILL with `{ kill: true }`) and starts again on the same port and data. */
  restart(options?: { kill?: boolean }): Promise<void>;
  /** SIGKILL and wait for the exit, leaving the server down until restart(). */
  kill(): Promise<void>;
}

/** How to run one server: its data dir, port, URL and how to spawn it on a port. */
export interface ServerLaunch {
  readonly dir: string;
  /** Whether `dir` is a temp dir of ours, removed by stop() or a failed start. */
  readonly ownDir: boolean;
  /** A fixed port; default a free one (another is tried if it is taken before the bind). */
  readonly port?: number;
  readonly url: (port: number) => string;
  readonly spawn: (port: number) => Promise<ServerProcess>;
}

/** Spawns the server and returns its handle. */
export async function startRestartable(launch: ServerLaunch): Promise<RestartableServer> {
  const { dir, ownDir } = launch;
  let port = launch.port ?? (await freePort());
  let proc: ServerProcess | undefined;
  for (let attempt = 1; proc === undefined; attempt++) {
    try {
      proc = await launch.spawn(port);
    } catch (error) {
      // The free port was taken between freePort() and the bind: try another one.
      const raced = error instanceof Error && /address already in use/i.test(error.message);
      if (!raced || launch.port !== undefined || attempt >= 3) {
        if (ownDir) removeTempDir(dir);
        throw error;
      }
      port = await freePort();
    }
  }

  let current: ServerProcess | undefined = proc;
  let stopped = false;
  return {
    url: launch.url(port),
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
    async restart(options = {}) {
      if (stopped) throw new Error('restart() after stop(): start a new server instead');
      if (current) await (options.kill ? current.kill() : current.stop());
      current = undefined;
      current = await launch.spawn(port);
    },
    async kill() {
      if (stopped) return;
      await current?.kill();
      current = undefined;
    },
  };
}

/** The handle of a server named by an env URL: the tests use it but do not own it. */
export function externalServer(
  url: string,
  host: string,
  port: number,
  what: string,
  envName: string,
): RestartableServer {
  return {
    url,
    host,
    port,
    dir: undefined,
    external: true,
    stop: async () => {},
    restart: async () => {
      throw externalServerError(what, envName, 'restart');
    },
    kill: async () => {
      throw externalServerError(what, envName, 'kill');
    },
  };
}
