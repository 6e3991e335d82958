import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'refresh-e2e',
    include: ['test/**/*.test.ts'],
    // Each case forks worker processes and waits out several token expiries (or a lease).
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
