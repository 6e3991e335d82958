import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MemoryDatabase, MemoryTokenStore } from '../src/index.js';

describe('MemoryTokenStore', () => {
  it('keeps a private database by default', async () => {
    const one = new MemoryTokenStore();
    const two = new MemoryTokenStore();
    await one.saveToken({ userName: 'u', accessToken: 'a' });
    expect(await two.findToken({ userName: 'u' })).toBeNull();
    expect(await one.findToken({ userName: 'u' })).toMatchObject({ userName: 'u', version: 1 });
  });

  it('shares tokens between stores on one database and namespace', async () => {
    const database = new MemoryDatabase();
    const writer = new MemoryTokenStore({ database, namespace: 'app' });
    const reader = new MemoryTokenStore({ database, namespace: 'app' });
    const saved = await writer.saveToken({ userName: 'u', accessToken: 'a' });
    expect(await reader.findTokenById(saved.id)).toEqual(saved);
  });

  it('shows namespace and sizes, never tokens, when inspected', async () => {
    const database = new MemoryDatabase();
    const store = new MemoryTokenStore({ database, namespace: 'app' });
    await store.saveToken({ userName: 'u', accessToken: 'very-secret-access' });
    expect(inspect(store, { depth: 10, showHidden: true })).toBe(
      'MemoryTokenStore { memory namespace="app" }',
    );
    expect(inspect(database, { depth: 10 })).toBe('MemoryDatabase { app: 1 }');
  });

  it('tokens(): a token deleted and saved again during the iteration comes at most once', async () => {
    const store = new MemoryTokenStore();
    for (const id of ['a', 'b', 'c']) await store.saveToken({ id, accessToken: `t-${id}` });
    const seen: string[] = [];
    for await (const token of store.tokens({ pageSize: 1 })) {
      seen.push(`${token.id}:${token.accessToken}`);
      if (seen.length === 1) {
        // Before `b` is reached: `a` again (behind `c` in the Map now), and `b` replaced.
        await store.deleteToken('a');
        await store.saveToken({ id: 'a', accessToken: 't-a2' });
        await store.saveToken({ id: 'b', accessToken: 't-b2' });
      }
    }
    expect(seen).toEqual(['a:t-a', 'b:t-b2', 'c:t-c']);
  });

  it('tokens(): a token deleted and saved again before it is reached comes once', async () => {
    const store = new MemoryTokenStore();
    for (const id of ['a', 'b', 'c']) await store.saveToken({ id, accessToken: `t-${id}` });
    const seen: string[] = [];
    for await (const token of store.tokens({ pageSize: 1 })) {
      seen.push(token.id);
      if (seen.length === 1) {
        await store.deleteToken('b');
        await store.saveToken({ id: 'b', accessToken: 't-b2' });
      }
    }
    expect(seen.filter((id) => id === 'b').length).toBeLessThanOrEqual(1);
    expect(seen.slice(0, 1)).toEqual(['a']);
    expect(seen).toContain('c');
  });
});
