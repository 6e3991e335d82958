/** What installing one adapter alone must bring. */
export interface AdapterExpectation {
  /** The store class the package exports. */
  readonly storeExport: string;
  /** Its driver package, resolvable from the adapter; none for the memory store. */
  readonly driver?: string;
  /** True for any package of this adapter's driver family (all of `@aws-sdk/*` for AWS). */
  readonly ownsPackage: (name: string) => boolean;
}

/**
 * Every adapter of the repository. Installing one brings its own driver family and none of the
 * others'. A new `@tokenstore/store-*` package fails the release test until it is added here.
 */
export const ADAPTERS: Readonly<Record<string, AdapterExpectation>> = {
  '@tokenstore/store-memory': {
    storeExport: 'MemoryTokenStore',
    ownsPackage: () => false,
  },
  '@tokenstore/store-sqlite': {
    storeExport: 'SqliteTokenStore',
    driver: 'better-sqlite3',
    ownsPackage: (name) => name === 'better-sqlite3',
  },
  '@tokenstore/store-redis': {
    storeExport: 'RedisTokenStore',
    driver: 'ioredis',
    ownsPackage: (name) => name === 'ioredis',
  },
  '@tokenstore/store-mongo': {
    storeExport: 'MongoTokenStore',
    driver: 'mongodb',
    ownsPackage: (name) => name === 'mongodb',
  },
  '@tokenstore/store-postgres': {
    storeExport: 'PostgresTokenStore',
    driver: 'pg',
    // pg's own family: pg-pool, pg-protocol, pg-types, pgpass, postgres-bytea, ...
    ownsPackage: (name) =>
      name === 'pg' || name === 'pgpass' || name.startsWith('pg-') || name.startsWith('postgres-'),
  },
  '@tokenstore/store-mysql': {
    storeExport: 'MysqlTokenStore',
    driver: 'mysql2',
    ownsPackage: (name) => name === 'mysql2',
  },
  '@tokenstore/store-secrets-manager': {
    storeExport: 'SecretsManagerTokenStore',
    driver: '@aws-sdk/client-secrets-manager',
    ownsPackage: (name) => name.startsWith('@aws-sdk/'),
  },
};

/** True for a package name that is an adapter (a published `@tokenstore/store-*`). */
export function isAdapterName(name: string): boolean {
  return name.startsWith('@tokenstore/store-');
}

/** The installed packages that belong to another adapter's driver family than `adapter`'s. */
export function foreignDrivers(adapter: string, installed: Iterable<string>): string[] {
  const others = Object.entries(ADAPTERS).filter(([name]) => name !== adapter);
  return [...installed].filter((pkg) => others.some(([, other]) => other.ownsPackage(pkg)));
}
