import { Session } from '@shopify/shopify-api';
import type { BenchToken } from '../token-fixtures.js';

/**
 * Another library's token or session store doing the nearest thing to ours: found by one key,
 * refreshed by a read and a write, saved new. Measured interleaved with the store.
 */
export interface PeerDriver {
  /** Name in the tables, with its driver. */
  readonly name: string;
  /** The npm package measured (its version goes into the report). */
  readonly packageName: string;
  /** What it does less than the store, in one line. */
  readonly doesLess: string;
  seed(tokens: readonly BenchToken[]): Promise<void>;
  /** By the key it was saved under (keyv: the userName; Shopify: the session id). */
  find(token: BenchToken): Promise<unknown>;
  /** A refresh: read it, write it back with a new access token and expiry. */
  refresh(token: BenchToken, accessToken: string, expiresAt: number): Promise<unknown>;
  insert(token: BenchToken): Promise<unknown>;
  close(): Promise<void>;
}

const KEYV_LESS =
  'one key per value (no lookup by access, refresh or grant token), no uniqueness across tokens, no versions or compare-and-set (a refresh is get then set: concurrent refreshes lose updates), no validation';
const SHOPIFY_LESS =
  'sessions by id (and a per-shop list): no lookup by token values, no uniqueness, no versions or compare-and-set (storeSession overwrites), no validation';

/** The token as a keyv value (keyv JSON-serializes it). */
function keyvValue(t: BenchToken): Record<string, unknown> {
  return { ...t, version: 1 };
}

interface KeyvLike {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
  disconnect?(): Promise<void>;
}

function keyvPeer(name: string, packageName: string, keyv: KeyvLike, close: () => Promise<void>) {
  return {
    name,
    packageName,
    doesLess: KEYV_LESS,
    async seed(tokens: readonly BenchToken[]) {
      for (const t of tokens) await keyv.set(t.userName, keyvValue(t));
    },
    find: (t: BenchToken) => keyv.get(t.userName),
    async refresh(t: BenchToken, accessToken: string, expiresAt: number) {
      const stored = (await keyv.get(t.userName)) as Record<string, unknown> | undefined;
      return keyv.set(t.userName, { ...stored, accessToken, expiresAt });
    },
    insert: (t: BenchToken) => keyv.set(t.userName, keyvValue(t)),
    close,
  } satisfies PeerDriver;
}

/** A Shopify offline session for the benchmark token: one shop per token, as an app has. */
function session(t: BenchToken): Session {
  return new Session({
    id: t.id,
    shop: `shop-${t.id}.myshopify.com`,
    state: 'state',
    isOnline: false,
    scope: 'read_products',
    accessToken: t.accessToken,
    refreshToken: t.refreshToken,
    expires: new Date(t.expiresAt),
  });
}

interface SessionStorageLike {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
}

function shopifyPeer(
  name: string,
  packageName: string,
  storage: SessionStorageLike,
  close: () => Promise<void>,
) {
  return {
    name,
    packageName,
    doesLess: SHOPIFY_LESS,
    async seed(tokens: readonly BenchToken[]) {
      for (const t of tokens) await storage.storeSession(session(t));
    },
    find: (t: BenchToken) => storage.loadSession(t.id),
    async refresh(t: BenchToken, accessToken: string, expiresAt: number) {
      const stored = await storage.loadSession(t.id);
      if (stored === undefined) throw new Error('shopify: session not found');
      stored.accessToken = accessToken;
      stored.expires = new Date(expiresAt);
      return storage.storeSession(stored);
    },
    insert: (t: BenchToken) => storage.storeSession(session(t)),
    close,
  } satisfies PeerDriver;
}

/**
 * keyv and Shopify's session storage on SQLite, each in its own file that is set to WAL first
 * (their connections keep SQLite's default synchronous=FULL), so they sync as the store does.
 */
export async function sqlitePeers(dir: string): Promise<PeerDriver[]> {
  const { default: Sqlite } = await import('better-sqlite3');
  const walFile = (name: string) => {
    const file = `${dir}/${name}.db`;
    const db = new Sqlite(file);
    db.pragma('journal_mode = WAL');
    db.close();
    return file;
  };
  try {
    // Both stores use sqlite3, whose native binding pnpm installs unbuilt (see the script).
    const { createRequire } = await import('node:module');
    const from = createRequire(import.meta.url).resolve('@keyv/sqlite');
    createRequire(from)('sqlite3');
  } catch (error) {
    throw new Error(
      "sqlite3 (the driver of @keyv/sqlite and Shopify's SQLite storage) has no native binding here: run packages/bench/scripts/build-peer-drivers",
      { cause: error },
    );
  }
  const { Keyv } = await import('keyv');
  const { default: KeyvSqlite } = await import('@keyv/sqlite');
  const keyv = new Keyv({ store: new KeyvSqlite(`sqlite://${walFile('keyv')}`) });
  const { SQLiteSessionStorage } = await import('@shopify/shopify-app-session-storage-sqlite');
  const shopify = new SQLiteSessionStorage(walFile('shopify'));
  return [
    keyvPeer('keyv (@keyv/sqlite, sqlite3)', '@keyv/sqlite', keyv, () => keyv.disconnect()),
    shopifyPeer(
      "Shopify's SQLiteSessionStorage (sqlite3)",
      '@shopify/shopify-app-session-storage-sqlite',
      shopify,
      async () => {},
    ),
  ];
}

/** keyv and Shopify's session storage on the same redis-server as the store. */
export async function redisPeers(url: string): Promise<PeerDriver[]> {
  const { Keyv } = await import('keyv');
  const { default: KeyvRedis } = await import('@keyv/redis');
  const keyv = new Keyv({ store: new KeyvRedis(url), namespace: 'peer-keyv' });
  const { RedisSessionStorage } = await import('@shopify/shopify-app-session-storage-redis');
  const shopify = new RedisSessionStorage(url, { sessionKeyPrefix: 'peer-shopify' });
  return [
    keyvPeer('keyv (@keyv/redis, node-redis)', '@keyv/redis', keyv, () => keyv.disconnect()),
    shopifyPeer(
      "Shopify's RedisSessionStorage (node-redis)",
      '@shopify/shopify-app-session-storage-redis',
      shopify,
      () => shopify.disconnect(),
    ),
  ];
}
