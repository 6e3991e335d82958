import { join } from 'node:path';
import type { StoredToken, TokenInput } from '@tokenstore/core';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from './helpers/run-cli.js';
import { fullToken, leaksSecret, secretsOf, tempDir } from './helpers/tokens.js';

const DAY = 86_400_000;

describe('tokenstore prune on SQLite', () => {
  const dir = tempDir();
  const file = join(dir, 'tokens.db');
  const url = `sqlite:${file}?table=app_tokens`;
  let old: StoredToken[];
  let fresh: StoredToken[];
  let secrets: string[];

  beforeAll(async () => {
    const store = new SqliteTokenStore({ filename: file, table: 'app_tokens' });
    const inputs: TokenInput[] = [fullToken(), fullToken(), fullToken(), fullToken()];
    const saved = [];
    for (const input of inputs) saved.push(await store.saveToken(input));
    await store.close();
    secrets = inputs.flatMap(secretsOf);
    old = saved.slice(0, 2);
    fresh = saved.slice(2);
    // Two tokens last saved 40 days ago: backdate their updatedAt behind the store's back.
    const db = new Database(file);
    const backdate = db.prepare(
      "UPDATE app_tokens SET data = json_set(data, '$.updatedAt', ?) WHERE id = ?",
    );
    for (const token of old) backdate.run(Date.now() - 40 * DAY, token.id);
    db.close();
  });

  it('--dry-run names what --older-than selects and removes nothing; then prune removes exactly that', async () => {
    const preview = await runCli(['prune', url, '--older-than', '30d', '--dry-run']);
    expect(preview.code, preview.stderr).toBe(0);
    for (const token of old)
      expect(preview.stdout).toContain(`would remove ${token.id} (olderThan)`);
    for (const token of fresh) expect(preview.stdout).not.toContain(token.id);
    expect(preview.stdout).toContain('Would remove 2 records of 4');
    expect(jsonOf<{ count: number }>(await runCli(['count', url, '--json'])).count).toBe(4);

    const run = await runCli(['prune', url, '--older-than', '30d', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = jsonOf<{ removed: { id: string; reason: string }[]; dryRun: boolean }>(run);
    expect(result.dryRun).toBe(false);
    expect(result.removed.map((r) => r.id).sort()).toEqual(old.map((t) => t.id).sort());
    const left = jsonOf<StoredToken[]>(await runCli(['list', url, '--json']));
    expect(left.map((t) => t.id).sort()).toEqual(fresh.map((t) => t.id).sort());
    expect(leaksSecret(preview.stdout + preview.stderr + run.stdout + run.stderr, secrets)).toBe(
      false,
    );
  });

  it('refuses a duration it cannot read (exit 2)', async () => {
    const run = await runCli(['prune', url, '--older-than', '30 days']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--older-than takes a duration');
  });
});
