import { describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../src/index.js';

describe('ping', () => {
  it('resolves while open and rejects with STORE_CLOSED once closed', async () => {
    const store = new MemoryTokenStore();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
});
