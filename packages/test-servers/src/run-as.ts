import { execFileSync } from 'node:child_process';
import { findBinary } from './binaries.js';

/** An unprivileged account a server runs as when the tests run as root. */
export interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** True when this process runs as root (PostgreSQL refuses to; MariaDB needs `--user=root`). */
export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The uid and gid of an account, or undefined when there is no such account. */
export function lookupUser(name: string): ServerUser | undefined {
  try {
    const id = (flag: string) =>
      Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return { name, uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

/**
 * The command and arguments that run `command` as `user` (or as this process's user when
 * `user` is undefined). setpriv execs the command in place, so the pid the tests hold is the
 * server's own and a SIGKILL reaches the server, not a wrapper (runuser and su fork).
 */
export function asUser(
  user: ServerUser | undefined,
  command: string,
  args: readonly string[],
): [string, string[]] {
  if (user === undefined) return [command, [...args]];
  return [
    findBinary('setpriv', process.env, ['/usr/bin', '/bin']),
    [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', command, ...args],
  ];
}
