import { randomBytes } from 'node:crypto';
import { kindOf, type StoreSpec } from './store-kinds/index.js';

/**
 * A fresh namespace for `spec`'s kind of store, valid there: a SQLite table or MongoDB collection
 * name (`check_<hex>`), a Redis key prefix (`tokenstore-check:<hex>:`), a Secrets Manager name
 * prefix (`tokenstore-check/<hex>/`), a memory namespace.
 */
export function randomNamespace(spec: StoreSpec): string {
  return kindOf(spec).namespace.fresh(randomBytes(8).toString('hex'));
}

/** `spec` with its namespace (table, prefix, collection) replaced by `namespace`. */
export function withNamespace(spec: StoreSpec, namespace: string): StoreSpec {
  return kindOf(spec).namespace.apply(spec, namespace);
}

/** What the namespace is called for this kind of store, for messages. */
export function namespaceName(spec: StoreSpec): string {
  return kindOf(spec).namespace.name;
}
