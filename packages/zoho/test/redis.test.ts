import { randomUUID } from 'node:crypto';
import { RedisTokenStore } from '@tokenstore/store-redis';
import { startRedis } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { describeProcessFlows } from './helpers/describe-process-flows.js';
import { describeSdkFlows } from './helpers/describe-sdk-flows.js';
import { nodejsSdk } from './helpers/nodejs-sdk-driver.js';
import { redisStores } from './helpers/store-kinds.js';
import { typescriptSdk } from './helpers/typescript-sdk-driver.js';

// A real redis-server on loopback (scripts/install-test-servers installs it; REDIS_URL may name
// one already running); every store gets a key prefix of its own.
const server = serverForFile(() => startRedis());

function url(): string {
  return server().url;
}

const stores = redisStores(url);
describeSdkFlows(typescriptSdk, () => stores, 'Redis');
describeSdkFlows(nodejsSdk, () => stores, 'Redis');

function sharedPrefix() {
  const prefix = `zoho-${randomUUID()}:`;
  return {
    env: { TOKENSTORE_REDIS_URL: url(), TOKENSTORE_REDIS_PREFIX: prefix },
    open: () => new RedisTokenStore({ url: url(), prefix }),
  };
}
describeProcessFlows('typescript', 'one Redis prefix', sharedPrefix);
describeProcessFlows('nodejs', 'one Redis prefix', sharedPrefix);
