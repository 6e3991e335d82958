import { MemoryTokenStore } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { copyToken } from '../src/copy-token.js';

// A copy's report reason is built from the error's details (which key kind), not from the
// library's message, and never holds the token's value.

describe('copyToken conflict reasons', () => {
  it('names the key kind another token holds, never its value', async () => {
    const target = new MemoryTokenStore();
    await target.saveToken({ userName: 'a', accessToken: 'at-secret-held' });
    for (const newIds of [false, true]) {
      const outcome = await copyToken(
        target,
        { id: `copied-${newIds}`, userName: `b-${newIds}`, accessToken: 'at-secret-held' },
        { newIds },
      );
      expect(outcome).toEqual({
        status: 'conflict',
        reason: 'another token in the target already has its accessToken; it was left as it is',
      });
    }
    await target.close();
  });
});
