import { describeRefusedCoreOptions } from '@tokenstore/test-servers/vitest';
import { MysqlTokenStore } from '../src/index.js';

// A mysql2 pool connects on first use, so none connected before the fix either; what building
// one does first is read its options: counted here.
describeRefusedCoreOptions({
  builds: 'pool',
  probe() {
    let reads = 0;
    const poolOptions = {
      get connectionLimit() {
        reads++;
        return 1;
      },
    };
    const url = 'mysql://app:pw@127.0.0.1:1/app';
    return {
      make: (options) => new MysqlTokenStore({ url, poolOptions, ...options }),
      built: () => reads,
    };
  },
});
