import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

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
      hookTimeout: 120_000,
      ...config.test,
      name,
    },
  });
}
