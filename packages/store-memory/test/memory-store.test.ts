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
});
