import { join } from 'node:path';
import type { StoredToken, TokenInput } from '@tokenstore/core';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from './helpers/run-cli.js';
import { fullToken, leaksSecret, secretsOf, tempDir } from './helpers/tokens.js';

const MASKED = /^1000…\[\d+\]$/;

describe('tokenstore list / show / count / delete / delete-all on SQLite', () => {
  const dir = tempDir();
  const file = join(dir, 'tokens.db');
  const url = `sqlite:${file}?table=app_tokens`;
  let saved: StoredToken[];
  let secrets: string[];

  beforeAll(async () => {
    const store = new SqliteTokenStore({ filename: file, table: 'app_tokens' });
    const inputs: TokenInput[] = [fullToken(), fullToken(), fullToken({ expiresAt: null })];
    saved = [];
    for (const input of inputs) saved.push(await store.saveToken(input));
    await store.close();
    secrets = inputs.flatMap(secretsOf);
  });

  it('lists every token as a table, secrets masked', async () => {
    const run = await runCli(['list', url]);
    expect(run.code).toBe(0);
    for (const token of saved) {
      expect(run.stdout).toContain(token.id);
      expect(run.stdout).toContain(String(token.userName));
    }
    expect(run.stdout).toMatch(
      /\| id +\| userName +\| clientId +\| refreshToken +\| accessToken +\| expiresAt +\| version \|/,
    );
    expect(run.stdout).toContain('1000…[');
    expect(run.stdout).toContain('\n3 tokens');
    expect(leaksSecret(run.stdout + run.stderr, secrets)).toBe(false);
  });

  it('lists as a JSON array with every secret masked, or revealed with --reveal', async () => {
    const run = await runCli(['list', url, '--json', '--page-size', '2']);
    expect(run.code).toBe(0);
    expect(leaksSecret(run.stdout, secrets)).toBe(false);
    const listed = jsonOf<StoredToken[]>(run);
    expect(listed.map((t) => t.id).sort()).toEqual(saved.map((t) => t.id).sort());
    for (const token of listed) {
      for (const field of ['clientSecret', 'grantToken', 'refreshToken', 'accessToken'] as const) {
        expect(token[field]).toMatch(MASKED);
      }
      const original = saved.find((t) => t.id === token.id);
      expect(token.userName).toBe(original?.userName);
      expect(token.version).toBe(1);
    }

    const revealed = jsonOf<StoredToken[]>(await runCli(['list', url, '--json', '--reveal']));
    expect(revealed.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...saved].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('shows one token, masked, as text or JSON; an unknown id exits 1', async () => {
    const token = saved[0]!;
    const text = await runCli(['show', url, token.id]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^id +${token.id}$`, 'm'));
    expect(text.stdout).toMatch(/^accessToken +1000…\[\d+\]$/m);
    expect(text.stdout).toContain(new Date(token.expiresAt!).toISOString());
    expect(leaksSecret(text.stdout, secrets)).toBe(false);

    const json = jsonOf<StoredToken>(await runCli(['show', url, token.id, '--json']));
    expect(json.id).toBe(token.id);
    expect(json.clientSecret).toMatch(MASKED);
    expect(json.expiresAt).toBe(token.expiresAt);

    const revealed = jsonOf<StoredToken>(
      await runCli(['show', url, token.id, '--json', '--reveal']),
    );
    expect(revealed).toEqual(token);

    const missing = await runCli(['show', url, 'no-such-id']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No token with id "no-such-id"');
  });

  it('counts, deletes one, refuses delete-all without --yes, then deletes all', async () => {
    const count = await runCli(['count', url]);
    expect([count.code, count.stdout]).toEqual([0, '3\n']);
    expect(jsonOf(await runCli(['count', url, '--json']))).toEqual({ count: 3 });

    const victim = saved[2]!.id;
    const deleted = await runCli(['delete', url, victim, '--json']);
    expect(deleted.code).toBe(0);
    expect(jsonOf(deleted)).toEqual({ id: victim, deleted: true });
    const again = await runCli(['delete', url, victim]);
    expect(again.code).toBe(1);
    expect((await runCli(['count', url])).stdout).toBe('2\n');

    const refused = await runCli(['delete-all', url]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('add --yes');
    expect((await runCli(['count', url])).stdout).toBe('2\n');

    const all = await runCli(['delete-all', url, '--yes', '--json']);
    expect(all.code).toBe(0);
    expect(jsonOf(all)).toEqual({ deleted: 2 });
    expect((await runCli(['count', url])).stdout).toBe('0\n');
    const empty = await runCli(['list', url]);
    expect(empty.stdout).toContain('No tokens in');
    expect(jsonOf(await runCli(['list', url, '--json']))).toEqual([]);
  });

  it('touches only its own table (namespace)', async () => {
    const other = new SqliteTokenStore({ filename: file, table: 'other_app' });
    await other.saveToken(fullToken());
    await other.close();
    await runCli(['delete-all', url, '--yes']);
    expect((await runCli(['count', `sqlite:${file}?table=other_app`])).stdout).toBe('1\n');
  });
});
