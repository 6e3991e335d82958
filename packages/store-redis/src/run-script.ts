import type { Cluster, Redis } from 'ioredis';
import type { LuaScript } from './lua-scripts.js';

/** A client the store talks through: a single node or a cluster. */
export type RedisClient = Redis | Cluster;

type Arg = string | number;

/**
 * EVALSHA, falling back to EVAL (which also caches the script) when this server has not seen
 * the script yet: after a restart, a `SCRIPT FLUSH`, or on another cluster node. Unlike
 * ioredis' `defineCommand`, it adds nothing to a client the caller passed in.
 */
export async function runScript(
  client: RedisClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly Arg[],
): Promise<unknown> {
  try {
    return await client.evalsha(script.sha1, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return await client.eval(script.source, keys.length, ...keys, ...args);
  }
}
