import { defineProject } from 'vitest/config';

// The root config's timeouts do not reach projects; FerretDB on a loaded 2-core machine can make
// the contention cases (write leases, 16 concurrent writers) exceed vitest's 5 s default.
export default defineProject({
  test: {
    name: 'store-mongo',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
