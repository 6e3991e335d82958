import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'release-e2e', include: ['test/**/*.test.ts'] } });
