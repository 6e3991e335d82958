import { isTokenStoreError, type TokenStore } from '@tokenstore/core';
import { UsageError } from './exit-codes.js';
import { openStore } from './open-store.js';
import { redactUrl } from './redact-url.js';
import type { CopyItem } from './run-copy.js';
import { parseStoreUrl } from './store-url.js';
import { countTokens, StoreFailure } from './with-store.js';
import { isZohoSource, openZohoSource } from './zoho-sources/index.js';

/**
 * What `migrate` reads from: a tokenstore store, or a Zoho SDK store (`zoho-sqlite:`,
 * `zoho-mysql://`). Read only: nothing is ever written to it. Every failure of it is a
 * {@link StoreFailure} naming it, so that a failing source is never blamed on the target.
 */
export interface MigrateSource {
  /** As printed: the URL with its password redacted. */
  readonly name: string;
  count(): Promise<number>;
  items(): AsyncGenerator<CopyItem>;
  close(): Promise<void>;
}

function named(url: string, error: unknown): unknown {
  if (error instanceof UsageError || error instanceof StoreFailure) return error;
  return new StoreFailure(url, error);
}

async function* guarded(url: string, items: AsyncIterable<CopyItem>): AsyncGenerator<CopyItem> {
  try {
    yield* items;
  } catch (error) {
    throw named(url, error);
  }
}

async function* storeItems(store: TokenStore, pageSize: number): AsyncGenerator<CopyItem> {
  for await (const token of store.tokens({ pageSize })) yield { where: `id ${token.id}`, token };
}

/** Opens the source of a migration, read only. */
export async function openMigrateSource(url: string, pageSize: number): Promise<MigrateSource> {
  if (isZohoSource(url)) {
    const table = await openZohoSource(url).catch((error: unknown) => {
      throw named(url, error);
    });
    return {
      name: table.name,
      count: () => table.count().catch((error: unknown) => Promise.reject(named(url, error))),
      items: () => guarded(url, table.items(pageSize)),
      close: () => table.close().catch(() => {}),
    };
  }
  const store = await openStore(parseStoreUrl(url), { readOnly: true }).catch((error: unknown) => {
    throw isTokenStoreError(error) ? new StoreFailure(url, error) : error;
  });
  return {
    name: redactUrl(url),
    count: () =>
      countTokens(store, pageSize).catch((error: unknown) => Promise.reject(named(url, error))),
    items: () => guarded(url, storeItems(store, pageSize)),
    close: () => store.close().catch(() => {}),
  };
}
