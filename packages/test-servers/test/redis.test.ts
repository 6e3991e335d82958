import { describe, expect, it } from 'vitest';
import { redisCommand, startRedis } from '../src/index.js';
import { describeServerLifecycle, stoppedAfterEach } from './lifecycle-suite.js';

describe('startRedis', () => {
  const start = stoppedAfterEach(startRedis);

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

  describeServerLifecycle({
    binary: 'redis-server',
    start: startRedis,
    ping: (server) => redisCommand(server.host, server.port, ['PING']),
    pong: 'PONG',
    refused: { args: ['--no-such-option', 'x'], output: /no-such-option/ },
  });
});
