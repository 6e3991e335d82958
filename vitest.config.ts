import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One vitest run over every package, so CI reads a single JSON report. VITEST_JSON names its file.
// What the packages' projects share is in vitest.project.ts: projects do not inherit this file.
const json = process.env.VITEST_JSON;

export default defineConfig({
  test: {
    projects: ['packages/*'],
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
    // Most files spend their time waiting on a server or a child process (moto answers a call in
    // about 5 ms), so two files at once keep both cores of a 2-core machine busy, where vitest's
    // default (cores - 1) runs one. No test asserts a duration.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
