import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { TokenStore } from '@tokenstore/core';
import { RedisTokenStore } from '@tokenstore/store-redis';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';

/** A fresh, empty store, and a way to open another instance over the same data (a restart). */
export interface StoreHandle {
  readonly store: TokenStore;
  reopen(): TokenStore;
}

/** A backend the flows run on. Every store it opened is closed by closeAll(). */
export interface StoreKind {
  readonly name: string;
  open(): StoreHandle;
  closeAll(): Promise<void>;
}

function kind(name: string, openAt: (namespace: string) => TokenStore): StoreKind {
  const opened: TokenStore[] = [];
  const track = (store: TokenStore) => {
    opened.push(store);
    return store;
  };
  return {
    name,
    open() {
      const namespace = `t${randomUUID().replaceAll('-', '')}`;
      return { store: track(openAt(namespace)), reopen: () => track(openAt(namespace)) };
    },
    async closeAll() {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    },
  };
}

/** SQLite: one database file per store, in `dir`. */
export function sqliteStores(dir: string): StoreKind {
  return kind(
    'sqlite',
    (namespace) => new SqliteTokenStore({ filename: join(dir, `${namespace}.db`) }),
  );
}

/** Redis: one key prefix per store, on the server at `url`. */
export function redisStores(url: () => string): StoreKind {
  return kind('redis', (namespace) => new RedisTokenStore({ url: url(), prefix: `${namespace}:` }));
}
