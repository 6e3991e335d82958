import { assertTamperingRefused } from '@tokenstore/core/conformance';
import { it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { useRedisServer } from './helpers/server.js';

const redis = useRedisServer();

it('refuses forged and planted plaintext records and a wrong indexKey', async () => {
  await assertTamperingRefused({
    open: (prefix, encryption) =>
      new RedisTokenStore({
        url: redis.server.url,
        prefix: `${prefix}:`,
        ...(encryption ? { encryption } : {}),
      }),
  });
});
