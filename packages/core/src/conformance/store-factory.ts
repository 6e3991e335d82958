import { pathToFileURL } from 'node:url';
import type { TokenStore } from '../store.js';

/** What a factory module's default export must be: a fresh store for a namespace. */
export type StoreFactory = (namespace: string) => TokenStore | Promise<TokenStore>;

/** Imports a factory module (a path or file URL) and returns its default export. */
export async function loadFactory(module: string | URL): Promise<StoreFactory> {
  const url =
    module instanceof URL || module.startsWith('file:')
      ? String(module)
      : pathToFileURL(module).href;
  const loaded = (await import(url)) as { default?: unknown };
  if (typeof loaded.default !== 'function') {
    throw new TypeError(`${url} must export a default function (namespace) => TokenStore`);
  }
  return loaded.default as StoreFactory;
}
