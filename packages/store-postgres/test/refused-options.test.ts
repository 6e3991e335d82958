import { describeRefusedCoreOptions } from '@tokenstore/test-servers/vitest';
import { PostgresTokenStore } from '../src/index.js';

// A pg pool connects on first use, so none connected before the fix either; what building one
// does first is read its options: counted here.
describeRefusedCoreOptions({
  builds: 'pool',
  probe() {
    let reads = 0;
    const poolOptions = {
      get max() {
        reads++;
        return 1;
      },
    };
    const url = 'postgres://app:pw@127.0.0.1:1/app';
    return {
      make: (options) => new PostgresTokenStore({ url, poolOptions, ...options }),
      built: () => reads,
    };
  },
});
