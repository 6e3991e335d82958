import type { BackendFailureInfo } from '@tokenstore/core/backend';
import type { RedisClient } from './run-script.js';

/**
 * Replies that mean the server refused the store's credentials or permissions (a wrong or
 * missing password, an ACL user without the commands): retrying will not help.
 */
const REFUSED_CONFIGURATION =
  /^(NOAUTH|WRONGPASS|NOPERM)\b|^ERR (AUTH|invalid password|Client sent AUTH)/;

/** ioredis's errors for a command that found no connection: the socket's own error says why. */
const NO_CONNECTION = new Set(['MaxRetriesPerRequestError']);
const NO_CONNECTION_MESSAGES = /^(Connection is closed|Stream isn't writeable)/;

/** The last connection error of each client the store opened (cleared once it is ready). */
const connectionErrors = new WeakMap<RedisClient, Error>();

/**
 * Listens to the connection errors of a client the store opened, so that a command that fails
 * for want of a connection can say why (`connect ECONNREFUSED 127.0.0.1:6399`); without a
 * listener ioredis would also print each of them. A caller's client gets no listener.
 */
export function watchConnection(client: RedisClient): void {
  client.on('error', (error: unknown) => {
    if (error instanceof Error) connectionErrors.set(client, error);
  });
  client.on('ready', () => connectionErrors.delete(client));
}

/**
 * An error of the Redis driver, reduced to its name, message and code. ioredis attaches the
 * failed command with all its arguments to its errors (`error.command.args`, and a cluster's
 * `lastNodeError`), and those arguments hold token data: the copy keeps none of that, so
 * `util.inspect` of a store error and its cause shows no secret. Its `reason` is the server's or
 * the socket's own (a command that found no connection gives the connection's error, such as
 * `connect ECONNREFUSED 127.0.0.1:6399`), and `misconfigured` says the server refused the
 * store's credentials (`NOAUTH`, `WRONGPASS`, `NOPERM`).
 */
export class RedisDriverError extends Error implements BackendFailureInfo {
  override readonly name: string;
  readonly code?: string;
  /** The server's reply or the socket's error (`connect ECONNREFUSED 127.0.0.1:6399`). */
  readonly reason: string;
  /** True when the server refused the store's credentials or permissions. */
  readonly misconfigured: boolean;

  constructor(source: unknown, connectionError?: Error) {
    const error = source instanceof Error ? source : undefined;
    super(error?.message ?? 'the Redis driver failed');
    this.name = error?.name ?? 'Error';
    const code = (source as { code?: unknown } | null)?.code;
    if (typeof code === 'string') this.code = code;
    const noConnection = NO_CONNECTION.has(this.name) || NO_CONNECTION_MESSAGES.test(this.message);
    this.reason =
      noConnection && connectionError !== undefined ? connectionError.message : this.message;
    this.misconfigured = REFUSED_CONFIGURATION.test(this.reason);
  }
}

/**
 * Runs a driver call; whatever it throws comes out as a {@link RedisDriverError}, with the
 * client's last connection error when the call found no connection.
 */
export async function guarded<T>(call: () => Promise<T>, client?: RedisClient): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new RedisDriverError(
      error,
      client === undefined ? undefined : connectionErrors.get(client),
    );
  }
}
