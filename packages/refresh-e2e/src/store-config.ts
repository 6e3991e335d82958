import type { TokenStore } from '@tokenstore/core';

/** Where a worker's stores live: plain data, so it crosses to child processes as JSON. */
export type StoreConfig =
  | { kind: 'sqlite'; filename: string }
  | { kind: 'redis'; url: string }
  | { kind: 'mongo'; url: string }
  | { kind: 'postgres'; url: string }
  | { kind: 'mysql'; url: string }
  | {
      kind: 'secrets-manager';
      endpoint: string;
      region: string;
      credentials: { accessKeyId: string; secretAccessKey: string };
    };

/** The token store and the lease store of one run, on one backend. */
export interface Stores {
  store: TokenStore;
  /** The token store itself with `sameStore`, else a second namespace on the same backend. */
  leaseStore: TokenStore;
  close(): Promise<void>;
}

/** The token store and its lease store (the same one, or a second namespace), closed together. */
export function storesOf(store: TokenStore, leaseStore: TokenStore): Stores {
  return {
    store,
    leaseStore,
    async close() {
      await store.close();
      if (leaseStore !== store) await leaseStore.close();
    },
  };
}

/** A store of `config` for the namespace `namespace` (a table, prefix or collection). */
async function openOne(config: StoreConfig, namespace: string): Promise<TokenStore> {
  switch (config.kind) {
    case 'sqlite': {
      const { SqliteTokenStore } = await import('@tokenstore/store-sqlite');
      return new SqliteTokenStore({ filename: config.filename, table: namespace });
    }
    case 'redis': {
      const { RedisTokenStore } = await import('@tokenstore/store-redis');
      return new RedisTokenStore({ url: config.url, prefix: `${namespace}:` });
    }
    case 'mongo': {
      const { MongoTokenStore } = await import('@tokenstore/store-mongo');
      return new MongoTokenStore({
        url: config.url,
        database: 'refresh_e2e',
        collection: namespace,
      });
    }
    case 'postgres': {
      const { PostgresTokenStore } = await import('@tokenstore/store-postgres');
      return new PostgresTokenStore({ url: config.url, table: namespace, poolOptions: { max: 4 } });
    }
    case 'mysql': {
      const { MysqlTokenStore } = await import('@tokenstore/store-mysql');
      return new MysqlTokenStore({
        url: config.url,
        table: namespace,
        poolOptions: { connectionLimit: 4 },
      });
    }
    case 'secrets-manager': {
      const { SecretsManagerTokenStore } = await import('@tokenstore/store-secrets-manager');
      return new SecretsManagerTokenStore({
        prefix: `${namespace}/`,
        // A lease is a secret created and deleted per refresh: no recovery window for those.
        forceDelete: true,
        clientConfig: {
          endpoint: config.endpoint,
          region: config.region,
          credentials: config.credentials,
        },
      });
    }
  }
}

/**
 * Opens the stores of one run: tokens in namespace `namespace`, leases in `<namespace>_leases`
 * unless `sameStore`. Namespaces are letters, digits and `_` only, valid on every backend.
 */
export async function openStores(
  config: StoreConfig,
  namespace: string,
  sameStore: boolean,
): Promise<Stores> {
  const store = await openOne(config, namespace);
  const leaseStore = sameStore ? store : await openOne(config, `${namespace}_leases`);
  return storesOf(store, leaseStore);
}
