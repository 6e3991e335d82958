import { randomBytes } from 'node:crypto';
import type { EncryptionOptions } from '@tokenstore/core';
import { assertSecretsSealedAtRest, byNamespace } from '@tokenstore/core/conformance';
import { describeTokenStore } from '@tokenstore/core/vitest';
import { it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';
import { useRedisServer } from './helpers/server.js';

const redis = useRedisServer();
const encryption: EncryptionOptions = {
  keys: { k1: randomBytes(32) },
  currentKeyId: 'k1',
  indexKey: randomBytes(32),
};

function open(prefix: string, options: EncryptionOptions = encryption): RedisTokenStore {
  return new RedisTokenStore({ url: redis.server.url, prefix, encryption: options });
}

describeTokenStore(
  'redis with encryption at rest',
  byNamespace((prefix) => open(prefix), randomPrefix),
);

/** Every key of the server and every value under it, as raw bytes. */
async function dumpEverything(): Promise<Buffer> {
  const parts: Buffer[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.raw.scanBuffer(cursor, 'COUNT', 500);
    cursor = String(next);
    for (const key of keys) {
      parts.push(key);
      const type = await redis.raw.type(key);
      if (type === 'hash') parts.push(...(await redis.raw.hgetallBuffer(key).then(Object.values)));
      else if (type === 'string') parts.push((await redis.raw.getBuffer(key)) ?? Buffer.alloc(0));
      else if (type === 'zset') parts.push(...(await redis.raw.zrangeBuffer(key, '0', '-1')));
      else parts.push(Buffer.from(`unexpected ${type}`));
    }
  } while (cursor !== '0');
  return Buffer.concat(parts);
}

it('keeps no plaintext secret in any Redis key or value', async () => {
  await assertSecretsSealedAtRest({
    create: (options) => open(randomPrefix(), options),
    dump: dumpEverything,
  });
});
