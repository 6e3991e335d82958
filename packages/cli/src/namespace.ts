import { randomBytes } from 'node:crypto';
import type { StoreSpec } from './store-url.js';

/**
 * A fresh namespace for `spec`'s kind of store, valid there: a SQLite table or MongoDB collection
 * name (`check_<hex>`), a Redis key prefix (`tokenstore-check:<hex>:`), a Secrets Manager name
 * prefix (`tokenstore-check/<hex>/`), a memory namespace.
 */
export function randomNamespace(spec: StoreSpec): string {
  const id = randomBytes(8).toString('hex');
  switch (spec.kind) {
    case 'memory':
    case 'sqlite':
    case 'mongodb':
      return `check_${id}`;
    case 'redis':
      return `tokenstore-check:${id}:`;
    case 'secretsmanager':
      return `tokenstore-check/${id}/`;
  }
}

/** `spec` with its namespace (table, prefix, collection) replaced by `namespace`. */
export function withNamespace(spec: StoreSpec, namespace: string): StoreSpec {
  switch (spec.kind) {
    case 'memory':
      return { ...spec, namespace };
    case 'sqlite':
      return { ...spec, table: namespace };
    case 'mongodb':
      return { ...spec, collection: namespace };
    case 'redis':
    case 'secretsmanager':
      return { ...spec, prefix: namespace };
  }
}

/** What the namespace is called for this kind of store, for messages. */
export function namespaceName(spec: StoreSpec): string {
  switch (spec.kind) {
    case 'memory':
      return 'namespace';
    case 'sqlite':
      return 'table';
    case 'mongodb':
      return 'collection';
    case 'redis':
    case 'secretsmanager':
      return 'prefix';
  }
}
