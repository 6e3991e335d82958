import { Redis, type RedisOptions } from 'ioredis';
import { watchConnection } from './driver-error.js';
import type { RedisClient } from './run-script.js';

/** The URL a store connects to when given neither `url`, `redis` nor `client`. */
export const DEFAULT_URL = 'redis://127.0.0.1:6379/0';

/**
 * The ioredis options of a connection the store opens itself (your `redis` options override
 * them). Reuse them for a client you pass in to get the same behaviour while Redis is down:
 * - `maxRetriesPerRequest: 0`: a command waiting for a connection fails when the next reconnect
 *   attempt fails, instead of after twenty.
 * - `connectTimeout: 2000`, `commandTimeout: 5000`: no call waits longer on a silent server.
 * - `retryStrategy`: reconnect forever, 50 ms more per attempt up to 500 ms apart, so the store
 *   works again within about half a second of Redis being back.
 * - `autoResendUnfulfilledCommands: false`: a write whose reply was lost to a broken connection
 *   fails (its outcome unknown) instead of being sent a second time after a reconnect, where it
 *   could apply again on top of a later write.
 * - `enableAutoPipelining: false` (ioredis's default, stated): auto-pipelining defers each
 *   command to the next turn of the event loop and wraps it in a pipeline. Measured on this
 *   project's 2-core machines: one caller's GET took 19–33 µs longer (p50 181–214 against
 *   162–181 µs over three runs), and 64 callers got fewer finds (31–40k/s against 39–47k/s)
 *   and half the saves (13–14k/s against 23–26k/s) through than with each command written at
 *   once.
 */
export const REDIS_CLIENT_DEFAULTS = Object.freeze({
  maxRetriesPerRequest: 0,
  connectTimeout: 2_000,
  commandTimeout: 5_000,
  retryStrategy: (attempt: number) => Math.min(50 * attempt, 500),
  autoResendUnfulfilledCommands: false,
  enableAutoPipelining: false,
} satisfies RedisOptions);

/** Where the store gets its client from, and whether it owns (and so closes) it. */
export interface RedisConnection {
  /** The client every command goes through. */
  readonly client: RedisClient;
  /** True when the store opened it, and so closes it in `close()`. */
  readonly owned: boolean;
}

const BAD_URL =
  'RedisTokenStore: url is not a valid Redis URL (redis://[[user]:password@]host[:port][/db]; percent-encode a / ? # @ or % in the user or password, as encodeURIComponent does)';

/**
 * Refuses a URL that ioredis would misread, before it sees it: its parse error
 * (`ERR_INVALID_URL`) keeps the whole URL in its `input` property, password included, for
 * `util.inspect` and loggers to print. A password with an unescaped `/`, `?` or `#` ends the
 * URL's authority early: the URL is then invalid, or (`redis://user:/pw@host`) reads part of the
 * password as the db, which error messages and `describe()` show. The error thrown here holds
 * nothing of the URL.
 */
export function checkUrl(url: string): void {
  // The forms ioredis reads (its parseURL): a port, a socket path, else a URL, `redis://`
  // prepended when it has no `redis://` or `rediss://` scheme.
  if (/^\d+$/.test(url) || (url.startsWith('/') && !url.startsWith('//'))) return;
  const full = /^rediss?:\/\//i.test(url)
    ? url
    : url.startsWith('//')
      ? `redis:${url}`
      : `redis://${url}`;
  let parsed: URL;
  try {
    parsed = new URL(full);
    decodeURIComponent(parsed.username);
    decodeURIComponent(parsed.password);
  } catch {
    throw new TypeError(BAD_URL);
  }
  // What follows the host holds no `@` where a password cut short would put one: the db (a
  // number, when the URL has a scheme), a parameter's name, the fragment.
  const db = full === url || url.startsWith('//') ? parsed.pathname : '/';
  const names = [...parsed.searchParams.keys()];
  if (!/^\/?\d*$/.test(db) || parsed.hash.includes('@') || names.some((n) => n.includes('@'))) {
    throw new TypeError(BAD_URL);
  }
}

/** Opens the store's own connection from a URL and/or ioredis options. */
export function openConnection(
  url: string | undefined,
  options: RedisOptions = {},
): RedisConnection {
  if (typeof url === 'string') checkUrl(url);
  // Replies are read as RESP2 shapes (arrays), whatever the protocol.
  const merged = { ...REDIS_CLIENT_DEFAULTS, ...options, replyMapping: 'legacy' as const };
  const useUrl = url ?? (Object.keys(options).length === 0 ? DEFAULT_URL : undefined);
  const client = useUrl === undefined ? new Redis(merged) : new Redis(useUrl, merged);
  // Failures reach callers through the commands, which name the last connection error.
  watchConnection(client);
  return { client, owned: true };
}

/** Closes a connection the store opened: gracefully if Redis answers, else at once. */
export async function closeConnection(connection: RedisConnection): Promise<void> {
  if (!connection.owned) return;
  const { client } = connection;
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

/** Where the client points, without credentials: `127.0.0.1:6379/0`, a socket path, `cluster`. */
export function describeClient(client: RedisClient): string {
  if (client.isCluster) return 'cluster';
  const { host, port, path, db } = (client as Redis).options;
  return `${path ?? `${host}:${port}`}/${db ?? 0}`;
}

/** The ioredis `keyPrefix` a client adds to every key, if any (a cluster's, or its nodes'). */
function keyPrefixOf(client: RedisClient): string | undefined {
  const options = (
    client as { options?: { keyPrefix?: unknown; redisOptions?: { keyPrefix?: unknown } } }
  ).options;
  const prefix = options?.keyPrefix ?? options?.redisOptions?.keyPrefix;
  return typeof prefix === 'string' && prefix !== '' ? prefix : undefined;
}

/**
 * Refuses a client with an ioredis `keyPrefix` (from `redis` options, a caller's client, or a
 * URL's `?keyPrefix=`): ioredis prefixes the keys a command names, but not the keys the store's
 * Lua scripts derive or SCAN patterns, so the store would write one set of keys and read
 * another (a find missing the token just saved). A connection the store opened is closed first.
 * Use the store's `prefix` option for a namespace instead.
 */
export function assertNoKeyPrefix(connection: RedisConnection): RedisConnection {
  const prefix = keyPrefixOf(connection.client);
  if (prefix === undefined) return connection;
  if (connection.owned) connection.client.disconnect();
  throw new TypeError(
    `RedisTokenStore: the ioredis keyPrefix option (${JSON.stringify(prefix)}) is not supported: use the store's prefix option for a namespace${connection.owned ? '' : ", or pass client.duplicate({ keyPrefix: '' })"}`,
  );
}
