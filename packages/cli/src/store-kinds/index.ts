import { memoryKind } from './memory.js';
import { mongoKind } from './mongo.js';
import { mysqlKind } from './mysql.js';
import { postgresKind } from './postgres.js';
import { redisKind } from './redis.js';
import { secretsManagerKind } from './secrets-manager.js';
import { sqliteKind } from './sqlite.js';
import type { StoreKind } from './store-kind.js';

export type { MemoryStoreSpec } from './memory.js';
export type { MongoStoreSpec } from './mongo.js';
export type { MysqlStoreSpec } from './mysql.js';
export type { PostgresStoreSpec } from './postgres.js';
export type { RedisStoreSpec } from './redis.js';
export type { SecretsManagerStoreSpec } from './secrets-manager.js';
export type { SqliteStoreSpec } from './sqlite.js';

/**
 * Every kind of store the CLI opens, one module each. To add a kind: write its module next to
 * these and list it here (and its package as an optional peer dependency in package.json).
 */
export const STORE_KINDS = [
  memoryKind,
  sqliteKind,
  redisKind,
  mongoKind,
  secretsManagerKind,
  postgresKind,
  mysqlKind,
];

type Kinds = (typeof STORE_KINDS)[number];

/** Where a store is, as parsed from a store URL. */
export type StoreSpec = ReturnType<Kinds['parse']>;

/** The kinds of store URL: `memory`, `sqlite`, ... */
export type StoreKindName = StoreSpec['kind'];

/** The module of the kind that serves `scheme` (lower case), if any. */
export function kindOfScheme(scheme: string): StoreKind<StoreSpec> | undefined {
  return STORE_KINDS.find((kind) => kind.schemes.includes(scheme)) as
    | StoreKind<StoreSpec>
    | undefined;
}

/** The module of `spec`'s kind. */
export function kindOf(spec: StoreSpec): StoreKind<StoreSpec> {
  // Each module's methods take exactly its own spec type, which `kind` picks out.
  return STORE_KINDS.find((kind) => kind.kind === spec.kind) as unknown as StoreKind<StoreSpec>;
}
