import type { TokenStore } from '@tokenstore/core';
import type { MemoryDatabase } from '@tokenstore/store-memory';
import { loadAdapter } from './load-adapter.js';
import type {
  MemoryStoreSpec,
  MongoStoreSpec,
  RedisStoreSpec,
  SecretsManagerStoreSpec,
  SqliteStoreSpec,
  StoreSpec,
} from './store-url.js';

/** Which package serves each kind of store URL. */
export const ADAPTER_PACKAGES = {
  memory: '@tokenstore/store-memory',
  sqlite: '@tokenstore/store-sqlite',
  redis: '@tokenstore/store-redis',
  mongodb: '@tokenstore/store-mongo',
  secretsmanager: '@tokenstore/store-secrets-manager',
} as const satisfies Record<StoreSpec['kind'], string>;

/** Memory stores of one process share one database, so a reopened store sees what was saved. */
let memoryDatabase: MemoryDatabase | undefined;

async function openMemory(spec: MemoryStoreSpec): Promise<TokenStore> {
  const { MemoryDatabase, MemoryTokenStore } = await loadAdapter(
    ADAPTER_PACKAGES.memory,
    'memory',
    () => import('@tokenstore/store-memory'),
  );
  memoryDatabase ??= new MemoryDatabase();
  return new MemoryTokenStore({
    database: memoryDatabase,
    ...(spec.namespace === undefined ? {} : { namespace: spec.namespace }),
  });
}

async function openSqlite(spec: SqliteStoreSpec): Promise<TokenStore> {
  const { SqliteTokenStore } = await loadAdapter(
    ADAPTER_PACKAGES.sqlite,
    'sqlite',
    () => import('@tokenstore/store-sqlite'),
  );
  return new SqliteTokenStore({
    filename: spec.filename,
    ...(spec.table === undefined ? {} : { table: spec.table }),
    ...(spec.synchronous === undefined ? {} : { synchronous: spec.synchronous }),
  });
}

async function openRedis(spec: RedisStoreSpec): Promise<TokenStore> {
  const { RedisTokenStore } = await loadAdapter(
    ADAPTER_PACKAGES.redis,
    'redis',
    () => import('@tokenstore/store-redis'),
  );
  return new RedisTokenStore({
    url: spec.url,
    ...(spec.prefix === undefined ? {} : { prefix: spec.prefix }),
  });
}

async function openMongo(spec: MongoStoreSpec): Promise<TokenStore> {
  const { MongoTokenStore } = await loadAdapter(
    ADAPTER_PACKAGES.mongodb,
    'mongodb',
    () => import('@tokenstore/store-mongo'),
  );
  return new MongoTokenStore({
    url: spec.url,
    ...(spec.database === undefined ? {} : { database: spec.database }),
    ...(spec.collection === undefined ? {} : { collection: spec.collection }),
  });
}

async function openSecretsManager(spec: SecretsManagerStoreSpec): Promise<TokenStore> {
  const { SecretsManagerTokenStore } = await loadAdapter(
    ADAPTER_PACKAGES.secretsmanager,
    'secretsmanager',
    () => import('@tokenstore/store-secrets-manager'),
  );
  // Credentials come from the AWS SDK's usual chain (environment, profile, instance role).
  return new SecretsManagerTokenStore({
    region: spec.region,
    clientConfig: {
      region: spec.region,
      ...(spec.endpoint === undefined ? {} : { endpoint: spec.endpoint }),
    },
    ...(spec.prefix === undefined ? {} : { prefix: spec.prefix }),
    ...(spec.forceDelete ? { forceDelete: true } : {}),
  });
}

/**
 * Opens the store `spec` describes, importing its adapter package on demand.
 *
 * @throws UsageError naming the package to install when the adapter is missing.
 */
export function openStore(spec: StoreSpec): Promise<TokenStore> {
  switch (spec.kind) {
    case 'memory':
      return openMemory(spec);
    case 'sqlite':
      return openSqlite(spec);
    case 'redis':
      return openRedis(spec);
    case 'mongodb':
      return openMongo(spec);
    case 'secretsmanager':
      return openSecretsManager(spec);
  }
}
