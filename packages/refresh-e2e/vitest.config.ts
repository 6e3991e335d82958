import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'refresh-e2e', include: ['test/**/*.test.ts'] } });
