import { pathToFileURL } from 'node:url';
import type { TokenStore } from '../store.js';
import type { Capabilities } from './types.js';

/** What a factory module's default export must be: a fresh store for a namespace. */
export type StoreFactory = (namespace: string) => TokenStore | Promise<TokenStore>;

/** A loaded factory module: its default export, and the capabilities it declares, if any. */
export interface FactoryModule {
  factory: StoreFactory;
  capabilities?: Capabilities;
}

/**
 * Imports a factory module (a path or file URL): its default export opens a store for a
 * namespace, and an optional `capabilities` export declares what its backend lacks.
 * Throws a `TypeError` naming the module when it is not one.
 */
export async function loadFactoryModule(module: string | URL): Promise<FactoryModule> {
  const url =
    module instanceof URL || module.startsWith('file:')
      ? String(module)
      : pathToFileURL(module).href;
  const loaded = (await import(url)) as { default?: unknown; capabilities?: unknown };
  let factory = loaded.default;
  // A CommonJS `exports.default = fn` arrives one level down.
  if (typeof factory === 'object' && factory !== null && 'default' in factory) {
    factory = (factory as { default: unknown }).default;
  }
  if (typeof factory !== 'function') {
    throw new TypeError(
      `${url} must export a default function (namespace) => TokenStore; its default export is ${typeof factory}`,
    );
  }
  const { capabilities } = loaded;
  if (capabilities !== undefined && (typeof capabilities !== 'object' || capabilities === null)) {
    throw new TypeError(`${url}: the "capabilities" export must be an object`);
  }
  return {
    factory: factory as StoreFactory,
    ...(capabilities === undefined ? {} : { capabilities: capabilities as Capabilities }),
  };
}

/** Imports a factory module and returns its default export. */
export async function loadFactory(module: string | URL): Promise<StoreFactory> {
  return (await loadFactoryModule(module)).factory;
}
