import { describeRefusedCoreOptions } from '@tokenstore/test-servers/vitest';
import { describe, expect, it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';

// A MongoClient connects on first use, so none connected before the fix either; what building
// one does first is read its options: counted here.
const url = 'mongodb://127.0.0.1:1';

/** Client options that count how often the store reads them (to build a client). */
function countedClientOptions(): { reads: number; clientOptions: { appName: string } } {
  const counted = {
    reads: 0,
    clientOptions: {
      get appName() {
        counted.reads++;
        return 'refused-options';
      },
    },
  };
  return counted;
}

describeRefusedCoreOptions({
  builds: 'client',
  probe() {
    const counted = countedClientOptions();
    const { clientOptions } = counted;
    return {
      make: (options) => new MongoTokenStore({ url, clientOptions, ...options }),
      built: () => counted.reads,
    };
  },
});

describe('a constructor whose database or collection name the store refuses', () => {
  it.each([
    ['database', { database: 'a/b' }],
    ['collection', { collection: '' }],
  ])('builds no client for a refused %s name', (_, names) => {
    const counted = countedClientOptions();
    const { clientOptions } = counted;
    expect(() => new MongoTokenStore({ url, clientOptions, ...names })).toThrow();
    expect(counted.reads).toBe(0);
  });
});
