import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryTokenStore } from '@tokenstore/store-memory';
import {
  type MongoServer,
  type MotoServer,
  type RedisServer,
  startFerretDB,
  startMoto,
  startRedis,
} from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openStores, type StoreConfig } from '../src/store-config.ts';
import { checkPrune } from './helpers/check-prune.ts';

const dir = mkdtempSync(join(tmpdir(), 'tokenstore-prune-'));
let redis: RedisServer;
let mongo: MongoServer;
let moto: MotoServer;

beforeAll(async () => {
  [redis, mongo, moto] = await Promise.all([startRedis(), startFerretDB(), startMoto()]);
});
afterAll(async () => {
  await Promise.all([redis?.stop(), mongo?.stop(), moto?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

async function onStore(config: () => StoreConfig): Promise<void> {
  const stores = await openStores(config(), `prune_${randomUUID().replaceAll('-', '')}`, true);
  try {
    await checkPrune(stores.store);
  } finally {
    await stores.close();
  }
}

describe('prune removes exactly what its policy selects, dry run first', () => {
  it('memory', async () => {
    const store = new MemoryTokenStore();
    await checkPrune(store);
    await store.close();
  });
  it('SQLite', () => onStore(() => ({ kind: 'sqlite', filename: join(dir, 'tokens.db') })));
  it('Redis (redis-server)', () => onStore(() => ({ kind: 'redis', url: redis.url })));
  it('MongoDB (FerretDB)', () => onStore(() => ({ kind: 'mongo', url: mongo.url })));
  it('Secrets Manager (moto)', () =>
    onStore(() => ({
      kind: 'secrets-manager',
      endpoint: moto.endpoint,
      region: moto.region,
      credentials: { ...moto.credentials },
    })));
});
