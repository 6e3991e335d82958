import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rejectsWith } from '@tokenstore/core/conformance';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteTokenStore } from '../src/index.js';
import { tempDir } from './helpers/temp-dir.js';

const dir = tempDir();
let holder: ChildProcess | undefined;

afterEach(() => {
  holder?.kill('SIGKILL');
  holder = undefined;
});

/** Another process takes the file's write lock and keeps it for `ms`. */
async function holdWriteLock(filename: string, ms: number): Promise<void> {
  const script = fileURLToPath(new URL('./fixtures/hold-write-lock.mjs', import.meta.url));
  holder = spawn(process.execPath, [script, filename, String(ms)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(holder.stdout!, 'data')) as [Buffer];
  expect(chunk.toString()).toContain('locked');
}

/** The longest the event loop went without running a 5 ms interval, while `work` ran. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ stall: number; ms: number }> {
  let last = performance.now();
  let stall = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 5);
  const start = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { stall: Math.max(stall, performance.now() - last), ms: performance.now() - start };
}

// better-sqlite3 is synchronous: SQLite's 5 s busy wait blocked the event loop, a save took
// 5,016 ms although operationTimeoutMs was 1000, and a first read on a new instance waited for
// the lock too (schema set-up took it).
describe('while another process holds the write lock', () => {
  it('a first read on a new instance does not wait for the lock when the schema exists', async () => {
    const filename = join(dir, 'read.db');
    const first = new SqliteTokenStore({ filename });
    const saved = await first.saveToken({ userName: 'u', accessToken: 'a' });
    await first.close();
    await holdWriteLock(filename, 4000);
    const store = new SqliteTokenStore({ filename, operationTimeoutMs: 1000 });
    let found: unknown;
    const { ms } = await longestStall(async () => {
      found = await store.findTokenById(saved.id);
    });
    expect(found).toEqual(saved);
    expect(ms).toBeLessThan(900);
    await store.close();
  });

  it('a save honours operationTimeoutMs and never blocks the event loop for long', async () => {
    const filename = join(dir, 'write.db');
    const first = new SqliteTokenStore({ filename });
    await first.saveToken({ userName: 'u', accessToken: 'a' });
    await first.close();
    await holdWriteLock(filename, 4000);
    const store = new SqliteTokenStore({ filename, operationTimeoutMs: 1000 });
    const { stall, ms } = await longestStall(() =>
      rejectsWith(
        store.saveToken({ userName: 'v', accessToken: 'b' }),
        'STORE_UNAVAILABLE',
        'locked',
      ),
    );
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(2500);
    expect(stall).toBeLessThan(300);
    await store.close();
  });

  it('a save waits for a lock another process holds for a while, rather than fail', async () => {
    // SQLite's own busy timeout is 0 on the store's connections: the store does the waiting.
    const filename = join(dir, 'wait.db');
    const first = new SqliteTokenStore({ filename });
    await first.saveToken({ userName: 'u', accessToken: 'a' });
    await first.close();
    const store = new SqliteTokenStore({ filename });
    await store.findToken({ userName: 'u' }); // the schema is checked before the lock is taken
    await holdWriteLock(filename, 300);
    const started = performance.now();
    const saved = await store.saveToken({ userName: 'u', accessToken: 'b' });
    expect(performance.now() - started).toBeGreaterThan(200);
    expect(saved.version).toBe(2);
    expect(await store.findToken({ accessToken: 'b' })).toEqual(saved);
    await store.close();
  });

  it('a delete with expectedVersion waits for the lock too, rather than fail', async () => {
    // It failed with STORE_UNAVAILABLE after SQLite's 20 ms busy slice: it was not retried.
    const filename = join(dir, 'delete.db');
    const store = new SqliteTokenStore({ filename });
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    await holdWriteLock(filename, 300);
    await expect(store.deleteToken(saved.id, { expectedVersion: saved.version })).resolves.toBe(
      true,
    );
    expect(await store.findTokenById(saved.id)).toBeNull();
    await store.close();
  });

  it('a store opened on a new file waits for the lock to turn it to WAL, rather than fail', async () => {
    // Four processes opening one new file at once: 1 store in 60 failed "database is locked"
    // (SQLite refuses the switch to WAL at once while another connection holds the lock).
    const filename = join(dir, 'fresh.db');
    await holdWriteLock(filename, 300);
    const store = new SqliteTokenStore({ filename });
    const saved = await store.saveToken({ userName: 'u', accessToken: 'a' });
    expect(await store.findTokenById(saved.id)).toEqual(saved);
    await store.close();
  });
});
