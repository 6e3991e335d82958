import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredToken } from '@tokenstore/core';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from './helpers/run-cli.js';
import { seedSqlite } from './helpers/seed-sqlite.js';
import { fullToken, leaksSecret, secretsOf, tempDir } from './helpers/tokens.js';

const byId = (a: StoredToken, b: StoredToken) => a.id.localeCompare(b.id);

function jsonLines(text: string): StoredToken[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as StoredToken);
}

describe('tokenstore export', () => {
  const dir = tempDir();
  const url = `sqlite:${join(dir, 'tokens.db')}`;
  let saved: StoredToken[];
  let secrets: string[];

  beforeAll(async () => {
    const store = new SqliteTokenStore({ filename: join(dir, 'tokens.db') });
    const inputs = Array.from({ length: 5 }, () => fullToken());
    saved = [];
    for (const input of inputs) saved.push(await store.saveToken(input));
    await store.close();
    secrets = inputs.flatMap(secretsOf);
  });

  it('writes one JSON object per line, secrets masked', async () => {
    const run = await runCli(['export', url, '--page-size', '2']);
    expect(run.code).toBe(0);
    expect(leaksSecret(run.stdout, secrets)).toBe(false);
    const exported = jsonLines(run.stdout).sort(byId);
    expect(exported.map((t) => t.id)).toEqual(saved.map((t) => t.id).sort());
    for (const token of exported) {
      expect(token.accessToken).toMatch(/^1000…\[\d+\]$/);
      expect(token.clientSecret).toMatch(/^1000…\[\d+\]$/);
    }
  });

  it('writes secrets in full with --include-secrets, to a file of mode 0600', async () => {
    const file = join(dir, 'export.jsonl');
    const run = await runCli(['export', url, '--include-secrets', '-o', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`Exported 5 tokens to ${file}.`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(jsonLines(readFileSync(file, 'utf8')).sort(byId)).toEqual([...saved].sort(byId));
  });

  it('stops quietly with exit 0 when the reader of its output goes away', async () => {
    const big = join(dir, 'big.db');
    await seedSqlite(big, 2_000, 2_000); // about 1.5 MB of JSON Lines: more than a pipe holds
    const child = spawn(process.execPath, [CLI, 'export', `sqlite:${big}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    // Like `| head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
