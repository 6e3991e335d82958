import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { freshTable, tempDir } from './helpers/temp-dir.js';

const dir = tempDir();
const saveLoop = fileURLToPath(new URL('./fixtures/save-loop.ts', import.meta.url));
const REPORTS_BEFORE_KILL = 300;
const DEADLINE_MS = 60_000;

/**
 * Runs the save loop until it has reported `count` resolved saves, then kills it with SIGKILL.
 * Resolves with the highest reported version of each id.
 */
function saveUntilKilled(env: NodeJS.ProcessEnv, count: number): Promise<Map<string, number>> {
  const child: ChildProcess = spawn(process.execPath, [saveLoop], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reported = new Map<string, number>();
  let seen = 0;
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`save loop reported ${seen} saves in ${DEADLINE_MS} ms; stderr: ${stderr}`));
    }, DEADLINE_MS);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const { id, version } = JSON.parse(line) as { id: string; version: number };
      reported.set(id, Math.max(version, reported.get(id) ?? 0));
      if (++seen === count) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      if (signal === 'SIGKILL' && seen >= count) resolve(reported);
      else {
        reject(
          new Error(
            `save loop exited early (code ${code}, signal ${signal}) after ${seen} saves. ` +
              `It imports the built package: run \`pnpm --filter @tokenstore/store-sqlite build\` first. stderr: ${stderr}`,
          ),
        );
      }
    });
  });
}

describe('a process killed with SIGKILL in the middle of a stream of saves', () => {
  it.each(['FULL', 'NORMAL'] as const)(
    'leaves an intact file holding every save that had resolved (synchronous %s)',
    async (synchronous) => {
      const filename = join(dir, `crash-${synchronous}.db`);
      const table = freshTable();
      const reported = await saveUntilKilled(
        {
          TOKENSTORE_SQLITE_FILE: filename,
          TOKENSTORE_SQLITE_TABLE: table,
          TOKENSTORE_SQLITE_SYNCHRONOUS: synchronous,
        },
        REPORTS_BEFORE_KILL,
      );
      expect(reported.size).toBeGreaterThan(REPORTS_BEFORE_KILL / 3 - 1);

      const db = new Database(filename);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();

      const store = new SqliteTokenStore({ filename, table });
      const missing: string[] = [];
      for (const [id, version] of reported) {
        const found = await store.findTokenById(id);
        if (found === null || found.version < version) {
          missing.push(
            `${id}: reported v${version}, found ${found ? `v${found.version}` : 'none'}`,
          );
        }
      }
      expect(missing).toEqual([]);
      await store.close();
    },
  );
});
