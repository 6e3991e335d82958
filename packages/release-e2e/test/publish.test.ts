import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADAPTERS, foreignDrivers, isAdapterName } from './helpers/adapter-drivers.js';
import { describeReadmeExamples } from './helpers/examples/describe-examples.js';
import {
  createEmptyApp,
  type InstallSource,
  installedPackages,
  npmInstall,
  runNodeScript,
} from './helpers/npm-app.js';
import { runCommand } from './helpers/run-command.js';
import { type LocalRegistry, startVerdaccio } from './helpers/verdaccio.js';
import {
  type Bump,
  cloneAndInstall,
  publishedPackages,
  repositoryRoot,
  versionsOf,
  type WorkspacePackage,
  workspacePackages,
  writeChangeset,
} from './helpers/workspace-clone.js';

// The whole release, for real: a clone of the repository is built, versioned and published by
// changesets into a local Verdaccio, then empty apps install adapters from it with npm.

const MINUTE = 60_000;
// For this file only: its checks run npm, git and node on a shared 2-core machine. The long
// steps (the release, installs, tsc) set their own, longer limits below.
vi.setConfig({ testTimeout: MINUTE, hookTimeout: 2 * MINUTE });
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const CORE = '@tokenstore/core';
const SQLITE = '@tokenstore/store-sqlite';
const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

let work: string;
let registry: LocalRegistry | undefined;
let clone: string;
let source: InstallSource;
/** The public packages as the release published them. */
let released: WorkspacePackage[];
/** Every package's version in the clone before the first `pnpm version-packages`. */
let committedVersions: Map<string, string>;

/** The packument of `name` on the local registry, or null when it has none. */
async function packument(name: string): Promise<{
  'dist-tags': Record<string, string>;
  versions: Record<string, Record<string, unknown>>;
} | null> {
  const response = await fetch(`${source.tokenstoreRegistry}${name.replace('/', '%2f')}`);
  if (response.status === 404) return null;
  expect(response.status, `GET ${name} from the local registry`).toBe(200);
  return response.json() as never;
}

/** Runs one step of the release, printing how long it took (the test's timings come from here). */
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    console.log(`release-e2e: ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/**
 * `pnpm release`'s environment: the registry to publish to, and a committer for the annotated
 * git tags `changeset publish` creates, so a machine without a git identity can run it too.
 */
function releaseEnv(registryUrl: string): NodeJS.ProcessEnv {
  return {
    NPM_CONFIG_REGISTRY: registryUrl,
    GIT_COMMITTER_NAME: 'tokenstore release-e2e',
    GIT_COMMITTER_EMAIL: 'release-e2e@localhost',
  };
}

/** Copies fixture files into an app directory. */
function copyFixtures(from: string, to: string): void {
  cpSync(join(FIXTURES, from), to, { recursive: true });
}

/** Installed `@tokenstore/*` package names, sorted. */
function tokenstorePackages(installed: Map<string, Set<string>>): string[] {
  return [...installed.keys()].filter((name) => name.startsWith('@tokenstore/')).sort();
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tokenstore-release-'));
  registry = await step('start verdaccio', () => startVerdaccio(join(work, 'registry')));
  source = { tokenstoreRegistry: registry.url, cacheDir: join(work, 'npm-cache') };
  clone = join(work, 'repo');
  const repository = await repositoryRoot();
  await step('git clone, pnpm install --offline', () => cloneAndInstall(repository, clone));

  // npm (which pnpm publish runs) refuses to publish without a token for the registry
  // (ENEEDAUTH), although this Verdaccio lets anyone publish: a fake one, in the clone only.
  writeFileSync(join(clone, '.npmrc'), `${registry.authLine}\n`);
  committedVersions = versionsOf(clone);
  writeChangeset(clone, 'release-e2e', { [CORE]: 'patch' }, 'Release test: a core patch.');
  await step('pnpm version-packages', () =>
    runCommand('pnpm', ['version-packages'], { cwd: clone }),
  );
  const url = registry.url;
  const tail = registry.outputTail;
  await step('pnpm release (build, check-packages, changeset publish)', () =>
    // It builds every package: 177 s and 277 s in two runs on a loaded 2-core machine, past the
    // command's default 240 s limit in the second. The hook's 8 minutes bound it.
    runCommand('pnpm', ['release'], {
      cwd: clone,
      env: releaseEnv(url),
      timeoutMs: 6 * MINUTE,
    }).catch((error: Error) => {
      throw new Error(`${error.message}\nverdaccio:\n${tail()}`);
    }),
  );
  released = publishedPackages(clone);
}, 8 * MINUTE);

afterAll(async () => {
  await step('stop verdaccio', async () => registry?.stop());
  if (work === undefined) return;
  if (process.env.RELEASE_E2E_KEEP) console.log(`release-e2e: kept ${work}`);
  else
    await step('remove the temp dir', async () => rmSync(work, { recursive: true, force: true }));
}, 2 * MINUTE);

describe('pnpm release into a local registry', () => {
  it('publishes every public package at its version, with workspace ranges rewritten', async () => {
    expect(released.map((pkg) => pkg.name)).toContain(CORE);
    const versions = versionsOf(clone);
    for (const pkg of released) {
      const doc = await packument(pkg.name);
      expect(doc, `${pkg.name} was not published`).not.toBeNull();
      expect(doc?.['dist-tags'].latest, pkg.name).toBe(pkg.version);
      const manifest = doc?.versions[pkg.version] ?? {};
      for (const field of DEPENDENCY_FIELDS) {
        const specs = Object.values((manifest[field] ?? {}) as Record<string, string>);
        expect(specs.join(' '), `${pkg.name} ${field}`).not.toContain('workspace:');
      }
      const dependencies = (manifest.dependencies ?? {}) as Record<string, string>;
      for (const [name, spec] of Object.entries(pkg.dependencies)) {
        if (spec === 'workspace:^') {
          expect(dependencies[name], `${pkg.name} → ${name}`).toBe(`^${versions.get(name)}`);
        }
      }
    }
  });

  it('tags every published version in git', async () => {
    const { stdout } = await runCommand('git', ['tag', '--list'], { cwd: clone });
    const tags = stdout.trim().split('\n');
    for (const pkg of released) expect(tags).toContain(`${pkg.name}@${pkg.version}`);
  });

  it('has every adapter depend on core as a regular dependency, not a peer', async () => {
    const adapters = released.filter((pkg) => isAdapterName(pkg.name));
    expect(adapters.map((pkg) => pkg.name)).toContain(SQLITE);
    for (const adapter of adapters) {
      const manifest = (await packument(adapter.name))?.versions[adapter.version] ?? {};
      expect(Object.keys(manifest.dependencies ?? {}), adapter.name).toContain(CORE);
      expect(Object.keys(manifest.peerDependencies ?? {}), adapter.name).not.toContain(CORE);
    }
  });

  it('publishes no private package', async () => {
    const privates = workspacePackages(clone).filter((pkg) => pkg.private);
    expect(privates.map((pkg) => pkg.name)).toContain('@tokenstore/release-e2e');
    for (const pkg of privates) {
      expect(await packument(pkg.name), `${pkg.name} is private`).toBeNull();
      expect(pkg.version, `${pkg.name} was versioned`).toBe(committedVersions.get(pkg.name));
    }
  });

  it('knows the driver of every adapter in the repository', () => {
    const unknown = released
      .map((pkg) => pkg.name)
      .filter((name) => isAdapterName(name) && ADAPTERS[name] === undefined);
    expect(unknown, 'add these adapters to test/helpers/adapter-drivers.ts').toEqual([]);
  });
});

describe('@tokenstore/store-sqlite installed alone with npm, outside the workspace', () => {
  let app: string;

  beforeAll(async () => {
    app = join(work, 'app-sqlite');
    createEmptyApp(app);
    await step(`npm install ${SQLITE}`, () => npmInstall(app, [SQLITE], source));
  }, 5 * MINUTE);

  it('brings core and better-sqlite3, and no other driver', async () => {
    const installed = await installedPackages(app);
    expect(tokenstorePackages(installed)).toEqual([CORE, SQLITE]);
    const published = versionsOf(clone);
    expect([...(installed.get(CORE) ?? [])]).toEqual([published.get(CORE)]);
    expect(installed.has('better-sqlite3')).toBe(true);
    // Types are not run: an install without TypeScript gets none.
    expect(installed.has('@types/better-sqlite3')).toBe(false);
    expect(installed.has('@types/node')).toBe(false);
    expect(foreignDrivers(SQLITE, installed.keys())).toEqual([]);
    for (const name of installed.keys()) {
      expect(['ioredis', 'mongodb']).not.toContain(name);
      expect(name.startsWith('@aws-sdk/'), name).toBe(false);
    }
  });

  it('saves and finds a token from an ESM app, then from a CommonJS app on the same file', async () => {
    copyFixtures('sqlite-app', app);
    const db = join(app, 'tokens.db');
    const esm = await runNodeScript<Record<string, unknown>>(app, 'save-and-find.mjs', [db]);
    expect(esm).toEqual({
      savedVersion: 1,
      sameId: true,
      version: 2,
      accessTokenUpdated: true,
      refreshTokenKept: true,
    });
    const cjs = await runNodeScript<Record<string, unknown>>(app, 'find-and-save.cjs', [db]);
    expect(cjs).toEqual({ foundVersion: 2, savedVersion: 3, staleCode: 'VERSION_CONFLICT' });
  });

  it('runs a third-party store through the conformance suite, from ESM and from CommonJS', async () => {
    copyFixtures('third-party-store', app);
    type Result = { passed: number; failed: string[]; skipped: number };
    const esm = await runNodeScript<Result>(app, 'conformance.mjs');
    expect(esm.failed).toEqual([]);
    expect(esm.skipped).toBe(0);
    expect(esm.passed).toBeGreaterThan(0);
    const cjs = await runNodeScript<Result>(app, 'conformance.cjs');
    expect(cjs).toEqual(esm);
  });

  it(
    'type-checks an app using the public types with tsc (ESM and CommonJS)',
    async () => {
      const root = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as {
        devDependencies: Record<string, string>;
      };
      const sqlite = JSON.parse(
        readFileSync(join(clone, 'packages', 'store-sqlite', 'package.json'), 'utf8'),
      ) as { devDependencies: Record<string, string> };
      // What its README tells TypeScript users to add: better-sqlite3's types are an optional
      // peer of the store (they do not run), and its declarations name them.
      const tools = [
        ...['typescript', '@types/node'].map((n) => `${n}@${root.devDependencies[n]}`),
        `@types/better-sqlite3@${sqlite.devDependencies['@types/better-sqlite3']}`,
      ];
      await step(`npm install ${tools.join(' ')}`, () => npmInstall(app, tools, source));
      copyFixtures('sqlite-app', app);
      const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
      await step('tsc --noEmit', () =>
        runCommand(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app }),
      );
    },
    3 * MINUTE,
  );
});

describe.each(Object.entries(ADAPTERS).filter(([name]) => name !== SQLITE))(
  '%s installed alone with npm',
  (adapter, expected) => {
    it(
      'brings core and its own driver only, and loads from ESM and CommonJS',
      async () => {
        expect(
          released.map((pkg) => pkg.name),
          `${adapter} was not released`,
        ).toContain(adapter);
        const app = join(work, `app-${adapter.split('/')[1]}`);
        createEmptyApp(app);
        await step(`npm install ${adapter}`, () => npmInstall(app, [adapter], source));
        const installed = await installedPackages(app);
        expect(tokenstorePackages(installed)).toEqual([CORE, adapter].sort());
        expect(foreignDrivers(adapter, installed.keys())).toEqual([]);
        if (expected.driver !== undefined) expect(installed.has(expected.driver)).toBe(true);

        copyFixtures('adapter-app', app);
        const args = [adapter, expected.storeExport, ...(expected.driver ? [expected.driver] : [])];
        for (const script of ['load-adapter.mjs', 'load-adapter.cjs']) {
          const loaded = await runNodeScript<{ store: string; driver: string | null }>(
            app,
            script,
            args,
          );
          expect(loaded.store, `${script}: ${expected.storeExport}`).toBe('function');
          if (expected.driver === undefined) expect(loaded.driver).toBeNull();
          else expect(loaded.driver).toContain(join(app, 'node_modules', expected.driver));
        }
      },
      5 * MINUTE,
    );
  },
);

describeReadmeExamples(() => ({ work, clone, source }));

describe('version bumps that the changesets config promises', () => {
  /** Runs `pnpm version-packages` after a changeset releasing only core with `bump`. */
  async function versionCore(bump: Bump): Promise<{
    before: Map<string, string>;
    after: Map<string, string>;
    dependents: WorkspacePackage[];
  }> {
    const before = versionsOf(clone);
    writeChangeset(clone, `core-${bump}`, { [CORE]: bump }, `Release test: a core ${bump}.`);
    await runCommand('pnpm', ['version-packages'], { cwd: clone });
    const after = versionsOf(clone);
    const dependents = publishedPackages(clone).filter((pkg) => CORE in pkg.dependencies);
    return { before, after, dependents };
  }

  function expectDependentsPatched(
    before: Map<string, string>,
    after: Map<string, string>,
    dependents: WorkspacePackage[],
  ): void {
    expect(dependents.map((pkg) => pkg.name)).toContain(SQLITE);
    for (const pkg of dependents) {
      const was = before.get(pkg.name) ?? '';
      expect(pkg.version, `${pkg.name} after ${was}`).toBe(semver.inc(was, 'patch'));
      expect(pkg.dependencies[CORE], pkg.name).toBe('workspace:^');
      const changelog = join(pkg.dir, 'CHANGELOG.md');
      expect(existsSync(changelog), changelog).toBe(true);
      expect(readFileSync(changelog, 'utf8')).toContain(`${CORE}@${after.get(CORE)}`);
    }
    for (const pkg of workspacePackages(clone).filter((p) => p.private)) {
      expect(after.get(pkg.name), pkg.name).toBe(before.get(pkg.name));
    }
  }

  it('gives adapters a patch, not a major, when core has a minor', async () => {
    const { before, after, dependents } = await versionCore('minor');
    expect(after.get(CORE)).toBe(semver.inc(before.get(CORE) ?? '', 'minor'));
    expectDependentsPatched(before, after, dependents);
  });

  it('gives adapters a patch, with the new core range, when core has a patch', async () => {
    const { before, after, dependents } = await versionCore('patch');
    expect(after.get(CORE)).toBe(semver.inc(before.get(CORE) ?? '', 'patch'));
    expectDependentsPatched(before, after, dependents);
  });
});
