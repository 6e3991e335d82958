import { randomBytes } from 'node:crypto';
import type { EncryptionOptions } from '@tokenstore/core';
import { byNamespace } from '@tokenstore/core/conformance';
import { describeTokenStore } from '@tokenstore/core/vitest';
import type { SqlStore, SqlStoreOptions } from './sql-store.js';

/**
 * Registers core's conformance suite for a SQL store twice, each store on a fresh table with a
 * pool of 4: from a URL, and with encryption at rest. `name` is the store's class name.
 */
export function describeSqlConformance(name: string, sql: SqlStore): void {
  const describeWith = (title: string, options: Partial<SqlStoreOptions>) =>
    describeTokenStore(
      title,
      byNamespace(
        (table) => sql.open({ url: sql.server().url, table, poolSize: 4, ...options }),
        sql.freshTable,
      ),
    );
  describeWith(`${name} from a URL, one table per store`, {});
  const encryption: EncryptionOptions = {
    keys: { k1: randomBytes(32) },
    currentKeyId: 'k1',
    indexKey: randomBytes(32),
  };
  describeWith(`${name} with encryption at rest`, { encryption });
}
