import { availableParallelism } from 'node:os';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * Test files run at once. Most spend their time waiting on a server or a child process (moto
 * answers a call in about 5 ms), so two at once keep both cores of a 2-core machine busy, where
 * vitest's default (cores - 1) runs one. No test asserts a duration. Set per project: vitest
 * reads it from each project's config, not from the root's.
 */
const MAX_WORKERS = Math.max(2, availableParallelism() - 1);

/**
 * A package's vitest project with what every package shares. Projects referenced as config files
 * do not inherit the root config, so the shared part lives here. The timeouts are generous
 * because real servers start slowly on a loaded 2-core machine; no test asserts a duration.
 */
export function packageProject(name: string, config: UserWorkspaceConfig = {}) {
  return defineProject({
    ...config,
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      maxWorkers: MAX_WORKERS,
      hookTimeout: 120_000,
      ...config.test,
      name,
    },
  });
}
