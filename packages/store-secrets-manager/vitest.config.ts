import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'store-secrets-manager',
    include: ['test/**/*.test.ts'],
    // Every case talks to moto over HTTP; the contention cases make hundreds of calls, and the
    // root config's timeouts do not reach a project.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
