import { isIPv4 } from 'node:net';

/** The env variables that point the starters at a server someone else runs. */
export const ENV_REDIS_URL = 'REDIS_URL';
export const ENV_MONGODB_URL = 'MONGODB_URL';
export const ENV_SECRETS_MANAGER_URL = 'AWS_ENDPOINT_URL_SECRETS_MANAGER';
export const ENV_POSTGRES_URL = 'POSTGRES_URL';
export const ENV_MYSQL_URL = 'MYSQL_URL';

/** A host and port taken from a URL. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** True for localhost, 127.0.0.0/8 and ::1: the only hosts tests may talk to. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  if (isIPv4(bare)) return bare.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
}

/**
 * The hosts of a `scheme://[user@]host[:port][,host[:port]...][/path]` URL (MongoDB URLs may
 * list several hosts, which `new URL` cannot parse), each checked to be loopback.
 *
 * @throws Error when the URL is malformed or any host is not loopback.
 */
export function loopbackHosts(url: string, defaultPort: number, variable: string): HostPort[] {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
  if (!match) throw new Error(`${variable}=${url} is not a URL`);
  const authority = match[1] ?? '';
  const hosts = authority.slice(authority.lastIndexOf('@') + 1);
  if (hosts === '') throw new Error(`${variable}=${url} names no host`);
  return hosts.split(',').map((entry) => {
    const hostPort = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(entry);
    const host = hostPort?.[1] ?? '';
    if (!hostPort || host === '')
      throw new Error(`${variable}=${url}: cannot read host '${entry}'`);
    if (!isLoopbackHost(host)) {
      throw new Error(
        `${variable}=${url}: tests only talk to loopback hosts (127.0.0.0/8, localhost, ::1), not '${host}'`,
      );
    }
    return { host, port: hostPort[2] === undefined ? defaultPort : Number(hostPort[2]) };
  });
}

/** The value of an env variable, or undefined when unset or empty. */
export function envUrl(variable: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[variable];
  return value === undefined || value === '' ? undefined : value;
}

/** The error that restart() and kill() throw on a handle to a server these tests did not start. */
export function externalServerError(what: string, variable: string, action: string): Error {
  return new Error(
    `${action}() needs a server the tests started themselves, but ${what} comes from ${variable}: fault tests (restart, kill) need a self-started server; unset ${variable} to run them`,
  );
}
