import { defineConfig } from 'vitest/config';

// One vitest run over every package, so CI reads a single JSON report. VITEST_JSON names its file.
// What the packages' projects share is in vitest.project.ts: projects do not inherit this file.
const json = process.env.VITEST_JSON;

export default defineConfig({
  test: {
    projects: ['packages/*'],
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
    // Test files at once: each project's config sets it (vitest.project.ts).
  },
});
