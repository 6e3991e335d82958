import type { TokenStore } from '../store.js';
import type { ConformanceContext, ConformanceOptions } from './types.js';
import { fullToken, unique } from './values.js';

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
    unique,
    token: fullToken,
  };
  const dispose = async () => {
    await Promise.allSettled(opened.map((store) => store.close()));
  };
  return { context, dispose };
}
