import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TokenStore } from '@tokenstore/core';
import type { Capabilities, ConformanceOptions } from '@tokenstore/core/conformance';
import { UsageError } from './exit-codes.js';
import { randomNamespace, withNamespace } from './namespace.js';
import { openStore } from './open-store.js';
import { redactUrl } from './redact-url.js';
import { isStoreUrl, parseStoreUrl, schemeOf } from './store-url.js';

/** Opens a store for a namespace: what a factory module's default export is. */
export type NamespacedStoreFactory = (namespace: string) => TokenStore | Promise<TokenStore>;

/** What `tokenstore check` runs the suite against. */
export interface CheckTarget {
  /** How the target is named in output. */
  readonly label: string;
  /** create/reopen over fresh random namespaces, and the capabilities a module declared. */
  readonly options: ConformanceOptions;
  /** Deletes the tokens of every namespace the run created. */
  cleanUp(): Promise<void>;
}

function namespacedTarget(
  label: string,
  open: NamespacedStoreFactory,
  fresh: () => string,
  capabilities: Capabilities | undefined,
): CheckTarget {
  const namespaces = new WeakMap<TokenStore, string>();
  const created = new Set<string>();
  const openIn = async (namespace: string) => {
    const store = await open(namespace);
    namespaces.set(store, namespace);
    return store;
  };
  return {
    label,
    options: {
      create: () => {
        const namespace = fresh();
        created.add(namespace);
        return openIn(namespace);
      },
      reopen: (store) => {
        const namespace = namespaces.get(store);
        if (namespace === undefined) throw new Error('reopen: this store was not made by create()');
        return openIn(namespace);
      },
      ...(capabilities === undefined ? {} : { capabilities }),
    },
    async cleanUp() {
      for (const namespace of created) {
        const store = await open(namespace);
        try {
          await store.deleteTokens();
        } finally {
          await store.close();
        }
      }
    },
  };
}

async function importModule(path: string): Promise<Record<string, unknown>> {
  const file = resolve(path);
  if (!existsSync(file)) {
    throw new UsageError(
      `${path} is neither a store URL nor an existing module file.\n` +
        'Give a store URL (sqlite:./tokens.db) or a module whose default export is (namespace) => TokenStore.',
    );
  }
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

function factoryOf(path: string, loaded: Record<string, unknown>): NamespacedStoreFactory {
  let factory = loaded.default;
  // A CommonJS module's `module.exports = fn` arrives as default; `exports.default = fn` one level down.
  if (typeof factory === 'object' && factory !== null && 'default' in factory) {
    factory = (factory as { default: unknown }).default;
  }
  if (typeof factory !== 'function') {
    throw new UsageError(
      `${path} must export a default function (namespace) => TokenStore; its default export is ${typeof factory}`,
    );
  }
  return factory as NamespacedStoreFactory;
}

function capabilitiesOf(path: string, loaded: Record<string, unknown>): Capabilities | undefined {
  const { capabilities } = loaded;
  if (capabilities === undefined) return undefined;
  if (typeof capabilities !== 'object' || capabilities === null) {
    throw new UsageError(`${path}: the "capabilities" export must be an object`);
  }
  return capabilities as Capabilities;
}

/**
 * The target of `tokenstore check <target>`: a store URL (each store a fresh random namespace on
 * it) or a module file whose default export opens a store for a namespace, and whose optional
 * `capabilities` export declares what its backend lacks.
 */
export async function checkTarget(target: string): Promise<CheckTarget> {
  if (isStoreUrl(target)) {
    const spec = parseStoreUrl(target);
    return namespacedTarget(
      redactUrl(target),
      (namespace) => openStore(withNamespace(spec, namespace)),
      () => randomNamespace(spec),
      undefined,
    );
  }
  const scheme = schemeOf(target);
  if (scheme !== undefined && scheme.length > 1 && scheme !== 'file') {
    throw new UsageError(`${redactUrl(target)}: unknown store URL scheme "${scheme}:"`);
  }
  const path = scheme === 'file' ? new URL(target).pathname : target;
  const loaded = await importModule(path);
  const factory = factoryOf(path, loaded);
  return namespacedTarget(
    path,
    factory,
    () => `check_${randomBytes(8).toString('hex')}`,
    capabilitiesOf(path, loaded),
  );
}
