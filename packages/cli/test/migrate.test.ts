import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { StoredToken } from '@tokenstore/core';
import { RedisTokenStore } from '@tokenstore/store-redis';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';
import { startRedis } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, jsonOf, runCli } from './helpers/run-cli.js';
import { fullToken, leaksSecret, secretsOf, tempDir } from './helpers/tokens.js';

interface CopyJson {
  from: string;
  to: string;
  dryRun: boolean;
  counts: Record<
    'read' | 'created' | 'updated' | 'unchanged' | 'conflicts' | 'invalid' | 'malformed',
    number
  >;
  verification: { targetBefore: number; targetAfter: number; expectedAfter: number; ok: boolean };
  problems: { where: string; status: string; reason: string }[];
  moreProblems: number;
  ok: boolean;
}

const TOKENS = 40;

describe('tokenstore migrate from SQLite to Redis', () => {
  const dir = tempDir();
  const from = `sqlite:${join(dir, 'source.db')}`;
  const redis = serverForFile(() => startRedis());
  let source: StoredToken[];
  let secrets: string[];
  let prefixes = 0;
  const freshTarget = () => `${redis().url}/0?prefix=migrate${++prefixes}:`;
  const openTarget = (url: string) =>
    new RedisTokenStore({
      url: redis().url,
      prefix: new URL(url).searchParams.get('prefix') ?? '',
    });

  beforeAll(async () => {
    const store = new SqliteTokenStore({ filename: join(dir, 'source.db') });
    source = [];
    for (let i = 0; i < TOKENS; i++) source.push(await store.saveToken(fullToken()));
    // A second save: source versions are 2, and must not leak into the copies' versions.
    source[0] = await store.saveToken({
      id: source[0]!.id,
      accessToken: '1000.newer-access-token',
    });
    await store.close();
    secrets = source.flatMap(secretsOf);
  });

  it('copies every token under its id, byte for byte, and verifies the count', async () => {
    const to = freshTarget();
    const run = await runCli(['migrate', from, to, '--json', '--page-size', '7']);
    expect(run.code).toBe(0);
    const report = jsonOf<CopyJson>(run);
    expect(report.counts).toEqual({
      read: TOKENS,
      created: TOKENS,
      updated: 0,
      unchanged: 0,
      conflicts: 0,
      invalid: 0,
      malformed: 0,
    });
    expect(report.verification).toEqual({
      targetBefore: 0,
      targetAfter: TOKENS,
      expectedAfter: TOKENS,
      ok: true,
    });
    expect(report.ok).toBe(true);

    const target = openTarget(to);
    for (const token of source) {
      const copy = await target.findTokenById(token.id);
      // updatedAt is the target's own: the time of the copy, not of the source's last save.
      expect(copy).toEqual({ ...token, version: 1, updatedAt: expect.any(Number) });
    }
    await target.close();
    expect(leaksSecret(run.stdout + run.stderr, secrets)).toBe(false);
  });

  it('is idempotent: a second run creates nothing and finds every token unchanged', async () => {
    const to = freshTarget();
    expect((await runCli(['migrate', from, to, '--quiet'])).code).toBe(0);
    const again = await runCli(['migrate', from, to, '--json']);
    expect(again.code).toBe(0);
    const report = jsonOf<CopyJson>(again);
    expect(report.counts.created).toBe(0);
    expect(report.counts.unchanged).toBe(TOKENS);
    expect(report.verification).toMatchObject({
      targetBefore: TOKENS,
      targetAfter: TOKENS,
      ok: true,
    });
    // Nothing was rewritten: every copy is still at version 1.
    const target = openTarget(to);
    for await (const token of target.tokens()) expect(token.version).toBe(1);
    await target.close();
  });

  it('reports a target token that changed since, or that holds a key, and never overwrites it (exit 1)', async () => {
    const to = freshTarget();
    const target = openTarget(to);
    // Changed in the target after an earlier copy: the target's newer token must win.
    const changed = source[1]!;
    await target.saveToken({ ...changed, accessToken: '1000.refreshed-in-target' });
    await target.saveToken({ id: changed.id, accessToken: '1000.refreshed-again-in-target' });
    // Another token in the target already has this user's name.
    const holder = await target.saveToken(fullToken({ userName: source[2]!.userName }));

    const run = await runCli(['migrate', from, to, '--json']);
    expect(run.code).toBe(1);
    const report = jsonOf<CopyJson>(run);
    expect(report.counts).toMatchObject({ read: TOKENS, created: TOKENS - 2, conflicts: 2 });
    expect(report.verification).toMatchObject({ targetBefore: 2, targetAfter: TOKENS, ok: true });
    expect(report.ok).toBe(false);
    const wheres = report.problems.map((p) => p.where).sort();
    expect(wheres).toEqual([`id ${changed.id}`, `id ${source[2]!.id}`].sort());
    expect(report.problems.every((p) => p.status === 'conflict' && p.reason !== '')).toBe(true);

    const kept = await target.findTokenById(changed.id);
    expect(kept?.accessToken).toBe('1000.refreshed-again-in-target');
    expect(kept?.version).toBe(2);
    expect(await target.findTokenById(source[2]!.id)).toBeNull();
    expect((await target.findTokenById(holder.id))?.userName).toBe(source[2]!.userName);
    await target.close();

    const text = await runCli(['migrate', from, to]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`conflict at id ${changed.id}:`);
    expect(text.stdout).toContain('NOT OK');
  });

  it('--dry-run says what would happen and writes nothing', async () => {
    const to = freshTarget();
    const target = openTarget(to);
    await target.saveToken({ ...source[3]!, apiDomain: 'https://changed.example.com' });
    await target.close();

    const run = await runCli(['migrate', from, to, '--dry-run', '--json']);
    const report = jsonOf<CopyJson>(run);
    expect(report.dryRun).toBe(true);
    expect(report.counts).toMatchObject({ read: TOKENS, created: TOKENS - 1, conflicts: 1 });
    expect(report.verification).toEqual({
      targetBefore: 1,
      targetAfter: 1,
      expectedAfter: 1,
      ok: true,
    });
    expect(run.code).toBe(1);
    expect((await runCli(['count', to])).stdout).toBe('1\n');
  });

  it('prints plain progress lines when stderr is not a terminal', async () => {
    const run = await runCli(['migrate', from, freshTarget(), '--page-size', '5']);
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('migrate: '));
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines.at(-1)).toMatch(new RegExp(`^migrate: ${TOKENS}/${TOKENS} \\(${TOKENS} created`));
    expect(run.stdout).toContain(
      `Target count: 0 before, ${TOKENS} after, expected ${TOKENS}: verified`,
    );
    expect(run.stdout).toMatch(/^OK$/m);
  });

  it('draws a progress bar on a terminal', () => {
    // script(1) gives the CLI a pseudo-terminal, as an interactive shell would.
    const command = [process.execPath, CLI, 'migrate', from, freshTarget()]
      .map((arg) => `'${arg}'`)
      .join(' ');
    const output = execFileSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
    expect(output).toMatch(/migrate \[[\u2588\u2591]+\] 100% 40\/40 ETA/);
    expect(output).toContain('\u001b[?25h'); // the cursor is shown again
    expect(leaksSecret(output, secrets)).toBe(false);
  });
});
