import { startRedis } from '@tokenstore/test-servers';
import { describePing } from '@tokenstore/test-servers/vitest';
import { RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';

describePing({
  name: 'redis-server',
  envVar: 'REDIS_URL',
  start: () => startRedis(),
  open: (url) => new RedisTokenStore({ url, prefix: randomPrefix() }),
});
