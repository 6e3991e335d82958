import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type RedisServer, redisCommand, startRedis } from '../src/index.js';
import { canBind } from './helpers.js';

describe('startRedis', () => {
  const started: RedisServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
  });
  const start = async (options?: Parameters<typeof startRedis>[0]): Promise<RedisServer> => {
    const server = await startRedis(options);
    started.push(server);
    return server;
  };

  it('starts a real redis-server on loopback that answers PING over a raw socket', async () => {
    const redis = await start();
    expect(redis.external).toBe(false);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await redisCommand(redis.host, redis.port, ['PING'])).toBe('PONG');
    expect(await redisCommand(redis.host, redis.port, ['SET', 'k', 'v'])).toBe('OK');
    expect(await redisCommand(redis.host, redis.port, ['GET', 'k'])).toBe('v');
    const info = await redisCommand(redis.host, redis.port, ['INFO', 'server']);
    expect(info).toMatch(new RegExp(`tcp_port:${redis.port}`));
  });

  it('restart() keeps the port; without appendonly the data is gone, as after a crash', async () => {
    const redis = await start();
    await redisCommand(redis.host, redis.port, ['SET', 'k', 'v']);
    const before = await redisCommand(redis.host, redis.port, ['INFO', 'server']);
    await redis.restart();
    expect(await redisCommand(redis.host, redis.port, ['PING'])).toBe('PONG');
    expect(await redisCommand(redis.host, redis.port, ['GET', 'k'])).toBeNull();
    const after = await redisCommand(redis.host, redis.port, ['INFO', 'server']);
    const pid = (text: unknown): string | undefined => /process_id:(\d+)/.exec(String(text))?.[1];
    expect(pid(after)).not.toBe(pid(before));
  });

  it('with appendonly, data survives restart() and a SIGKILL restart', async () => {
    const redis = await start({ appendonly: true, appendfsync: 'always' });
    await redisCommand(redis.host, redis.port, ['SET', 'k', 'v1']);
    await redis.restart();
    expect(await redisCommand(redis.host, redis.port, ['GET', 'k'])).toBe('v1');
    await redisCommand(redis.host, redis.port, ['SET', 'k', 'v2']);
    await redis.restart({ kill: true });
    expect(await redisCommand(redis.host, redis.port, ['GET', 'k'])).toBe('v2');
  });

  it('kill() leaves it down until restart()', async () => {
    const redis = await start();
    await redis.kill();
    await expect(redisCommand(redis.host, redis.port, ['PING'])).rejects.toThrow(/ECONNREFUSED/);
    await redis.restart();
    expect(await redisCommand(redis.host, redis.port, ['PING'])).toBe('PONG');
  });

  it('stop() frees the port and removes its temp dir', async () => {
    const redis = await startRedis();
    expect(await canBind(redis.port)).toBe(false);
    expect(redis.dir !== undefined && existsSync(redis.dir)).toBe(true);
    await redis.stop();
    expect(await canBind(redis.port)).toBe(true);
    expect(redis.dir !== undefined && existsSync(redis.dir)).toBe(false);
    await redis.stop(); // idempotent
  });

  it('never takes a server already on the port for the one it started', async () => {
    const first = await start();
    await expect(startRedis({ port: first.port })).rejects.toThrow(
      /exited before it was ready[\s\S]*Address already in use/,
    );
    expect(await redisCommand(first.host, first.port, ['PING'])).toBe('PONG');
  });

  it('fails with the server output when redis-server cannot start', async () => {
    await expect(start({ args: ['--no-such-option', 'x'] })).rejects.toThrow(
      /redis-server on 127\.0\.0\.1:\d+ exited before it was ready[\s\S]*no-such-option/,
    );
  });
});
