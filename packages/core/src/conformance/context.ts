import { isTokenStoreError } from '../errors.js';
import type { TokenStore } from '../store.js';
import { runsOf, seedOf, shrinkTimeOf } from './settings.js';
import type { ConformanceContext, ConformanceOptions } from './types.js';
import { fullToken, unique } from './values.js';

/** A store's way of saying it does not take a namespace name: not a failure of the contract. */
function declinesName(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    error instanceof RangeError ||
    isTokenStoreError(error, 'INVALID_TOKEN')
  );
}

/** A case's context, and the clean-up that closes every store it opened. */
export function createContext(options: ConformanceOptions): {
  context: ConformanceContext;
  dispose: () => Promise<void>;
} {
  const opened: TokenStore[] = [];
  const track = (store: TokenStore): TokenStore => {
    opened.push(store);
    return store;
  };
  const context: ConformanceContext = {
    store: async () => track(await options.create()),
    reopen: async (store) => {
      if (options.reopen === undefined) {
        throw new Error(
          'this case needs `reopen` to test persistence: pass it, or declare `capabilities: { persistence: false }`',
        );
      }
      return track(await options.reopen(store));
    },
    storeIn: async (namespace, plain = false) => {
      const { open } = options;
      if (open === undefined) {
        throw new Error(
          'this case needs `open(namespace)` so that the suite chooses the namespaces: pass it (byNamespace does)',
        );
      }
      try {
        return track(await open(namespace));
      } catch (error) {
        if (plain || !declinesName(error)) throw error;
        return undefined;
      }
    },
    unique,
    token: fullToken,
    seed: seedOf(options),
    runs: runsOf(options),
    shrinkTimeMs: shrinkTimeOf(options),
    lacks: (capability) => options.capabilities?.[capability] === false,
  };
  const dispose = async () => {
    await Promise.allSettled(opened.map((store) => store.close()));
  };
  return { context, dispose };
}
