import { redisCommand, startRedis } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisDriverError, RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';

// A server that is up but stopped answering (DEBUG SLEEP): the driver's commandTimeout, not
// core's backstop, ends the wait.
const server = serverForFile(() => startRedis());

describe('a server that hangs', () => {
  it('gives up on a server that stopped answering, and works again once it answers', async () => {
    const store = new RedisTokenStore({
      url: server().url,
      prefix: randomPrefix(),
      operationTimeoutMs: 60_000, // the backstop; the driver's commandTimeout must come first
    });
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    const sleeper = new Redis(server().url);
    await sleeper.ping();
    const asleep = sleeper.call('DEBUG', 'SLEEP', '8'); // the server answers nobody for 8 s
    // Asleep once a PING on a fresh connection goes unanswered.
    await expect
      .poll(
        () =>
          redisCommand(server().host, server().port, ['PING'], 300).then(
            () => 'awake',
            () => 'asleep',
          ),
        {
          timeout: 5_000,
        },
      )
      .toBe('asleep');

    const error = await store.findTokenById(saved.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((error as Error).cause).toBeInstanceOf(RedisDriverError);
    expect(((error as Error).cause as Error).message).toMatch(/timed out/i);

    await asleep;
    sleeper.disconnect();
    expect(await store.findTokenById(saved.id)).toEqual(saved);
    await store.close();
  }, 30_000);
});
