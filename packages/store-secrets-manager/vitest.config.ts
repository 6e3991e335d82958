import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'store-secrets-manager', include: ['test/**/*.test.ts'] },
});
