import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'zoho', include: ['test/**/*.test.ts'] } });
