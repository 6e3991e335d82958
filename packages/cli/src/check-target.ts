import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TokenStore } from '@tokenstore/core';
import {
  byNamespace,
  type Capabilities,
  type ConformanceOptions,
  type FactoryModule,
  loadFactoryModule,
  type StoreFactory,
} from '@tokenstore/core/conformance';
import { UsageError } from './exit-codes.js';
import { randomNamespace, withNamespace } from './namespace.js';
import { openStore } from './open-store.js';
import { redactUrl } from './redact-url.js';
import type { StoreSpec } from './store-kinds/index.js';
import { isStoreUrl, parseStoreUrl, schemeOf } from './store-url.js';

/** What `tokenstore check` runs the suite against. */
export interface CheckTarget {
  /** How the target is named in output. */
  readonly label: string;
  /** create/reopen over fresh random namespaces, and the capabilities a module declared. */
  readonly options: ConformanceOptions;
  /** Deletes the tokens of every namespace the run created. */
  cleanUp(): Promise<void>;
}

async function namespacedTarget(
  label: string,
  open: StoreFactory,
  fresh: () => string,
  declared: Capabilities | undefined | typeof declaredCapabilities,
): Promise<CheckTarget> {
  const created = new Set<string>();
  const recordFresh = () => {
    const namespace = fresh();
    created.add(namespace);
    return namespace;
  };
  const suite = byNamespace(open, recordFresh);
  const capabilities =
    typeof declared === 'function' ? await declared(() => open(recordFresh())) : declared;
  return {
    label,
    options: {
      ...suite,
      // The suite names some namespaces itself (prefixes of each other, separators): clean those too.
      open: (namespace) => {
        created.add(namespace);
        return suite.open(namespace);
      },
      ...(capabilities === undefined ? {} : { capabilities }),
    },
    async cleanUp() {
      for (const namespace of created) {
        let store: Awaited<ReturnType<StoreFactory>>;
        try {
          store = await open(namespace);
        } catch {
          continue; // a name the store declined when the suite tried it
        }
        try {
          await store.deleteTokens();
        } finally {
          await store.close();
        }
      }
    },
  };
}

/**
 * Opens a store for the suite. The suite tells a namespace the store declines (a table name with
 * a separator) from a failing store by the adapter's own TypeError or RangeError, so hand it that
 * error rather than the usage error `openStore` makes of it for the command line.
 */
async function openForSuite(spec: StoreSpec): Promise<TokenStore> {
  try {
    return await openStore(spec);
  } catch (error) {
    if (error instanceof UsageError && declinedOption(error.cause)) throw error.cause;
    throw error;
  }
}

/** What the store's backend declares it lacks (`BackedTokenStore.capabilities()`), if it says. */
async function declaredCapabilities(
  open: () => TokenStore | Promise<TokenStore>,
): Promise<Capabilities | undefined> {
  const store = await open();
  try {
    const declare = (store as { capabilities?: () => Promise<Capabilities> }).capabilities;
    return typeof declare === 'function' ? await declare.call(store) : undefined;
  } finally {
    await store.close();
  }
}

function declinedOption(error: unknown): error is TypeError | RangeError {
  return error instanceof TypeError || error instanceof RangeError;
}

async function importFactoryModule(path: string): Promise<FactoryModule> {
  const file = resolve(path);
  if (!existsSync(file)) {
    throw new UsageError(
      `${path} is neither a store URL nor an existing module file.\n` +
        'Give a store URL (sqlite:./tokens.db) or a module whose default export is (namespace) => TokenStore.',
    );
  }
  try {
    return await loadFactoryModule(file);
  } catch (error) {
    // Not a factory module: the user's mistake, not a failing store.
    if (error instanceof TypeError)
      throw new UsageError(error.message.replace(/^file:\/\/\S+/, path));
    throw error;
  }
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
      (namespace) => openForSuite(withNamespace(spec, namespace)),
      () => randomNamespace(spec),
      declaredCapabilities,
    );
  }
  const scheme = schemeOf(target);
  if (scheme !== undefined && scheme.length > 1 && scheme !== 'file') {
    throw new UsageError(`${redactUrl(target)}: unknown store URL scheme "${scheme}:"`);
  }
  const path = scheme === 'file' ? new URL(target).pathname : target;
  const { factory, capabilities } = await importFactoryModule(path);
  return namespacedTarget(
    path,
    factory,
    () => `check_${randomBytes(8).toString('hex')}`,
    capabilities,
  );
}
