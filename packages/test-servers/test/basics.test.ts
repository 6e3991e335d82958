import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findBinary, freePort, isLoopbackHost } from '../src/index.js';
import { canBind } from './helpers.js';

describe('freePort', () => {
  it('returns distinct loopback ports that can be bound', async () => {
    const a = await freePort();
    const b = await freePort();
    for (const port of [a, b]) {
      expect(port).toBeGreaterThan(0);
      expect(port).toBeLessThan(65_536);
      expect(await canBind(port)).toBe(true);
    }
    expect(a).not.toBe(b);
  });
});

describe('findBinary', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenstore-findbinary-'));
    dirs.push(dir);
    return dir;
  };

  it('names the install command when a binary is missing', () => {
    const empty = tempDir();
    const env = { TOKENSTORE_CACHE: empty, PATH: empty };
    expect(() => findBinary('redis-server', env)).toThrow(
      'redis-server not found in ' +
        `${empty}/bin or on PATH: run scripts/install-test-servers (it apt-get installs redis-server)`,
    );
    expect(() => findBinary('ferretdb', env)).toThrow(/scripts\/install-test-servers.*FerretDB/);
    expect(() => findBinary('moto_server', env)).toThrow(/scripts\/install-test-servers.*moto/);
    expect(() => findBinary('postgres', env, ['/nowhere/bin'])).toThrow(
      `postgres not found in ${empty}/bin or on PATH or in /nowhere/bin: run scripts/install-test-servers (it apt-get installs postgresql)`,
    );
    expect(() => findBinary('mariadbd', env)).toThrow(/apt-get installs mariadb-server/);
  });

  it('looks in the extra dirs (such as /usr/lib/postgresql/N/bin) after PATH', () => {
    const cache = tempDir();
    const extra = tempDir();
    writeFileSync(join(extra, 'postgres'), '#!/bin/sh\n');
    chmodSync(join(extra, 'postgres'), 0o755);
    expect(findBinary('postgres', { TOKENSTORE_CACHE: cache, PATH: cache }, [extra])).toBe(
      join(extra, 'postgres'),
    );
  });

  it('prefers $TOKENSTORE_CACHE/bin over PATH, and skips files that are not executable', () => {
    const cache = tempDir();
    const onPath = tempDir();
    mkdirSync(join(cache, 'bin'));
    for (const dir of [join(cache, 'bin'), onPath]) {
      writeFileSync(join(dir, 'ferretdb'), '#!/bin/sh\n');
      chmodSync(join(dir, 'ferretdb'), 0o755);
    }
    const env = { TOKENSTORE_CACHE: cache, PATH: onPath };
    expect(findBinary('ferretdb', env)).toBe(join(cache, 'bin', 'ferretdb'));
    chmodSync(join(cache, 'bin', 'ferretdb'), 0o644);
    expect(findBinary('ferretdb', env)).toBe(join(onPath, 'ferretdb'));
  });
});

describe('isLoopbackHost', () => {
  it('accepts only 127.0.0.0/8, localhost and ::1', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['10.0.0.1', '192.168.1.1', '0.0.0.0', 'example.com', '::', '128.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});
