import { describe, expect, it } from 'vitest';
import { fullToken, rejectsWith } from '../../src/conformance.js';
import type { StoredToken } from '../../src/index.js';
import { indexKey, keyA, keyB, memoryStores, underA } from './keys.js';

describe('key rotation', () => {
  it('reads under any configured key, writes the current one, and reencrypt moves everything', async () => {
    const stores = memoryStores();
    const first = stores.fresh(underA);
    const namespace = stores.namespaceOf(first);
    const saved: StoredToken[] = [];
    for (let i = 0; i < 25; i++) saved.push(await first.saveToken(fullToken()));

    const both = stores.open(namespace, {
      keys: { A: keyA, B: keyB },
      currentKeyId: 'B',
      indexKey,
    });
    const sample = saved[3] as StoredToken;
    expect(await both.findToken({ accessToken: sample.accessToken })).toEqual(sample);
    const updated = await both.saveToken({ userName: sample.userName, apiDomain: 'rotated' });
    expect(updated.version).toBe(2);

    const result = await both.reencrypt({ pageSize: 7 });
    expect(result).toEqual({ scanned: 25, rewritten: 24, skipped: 0, compacted: false });
    expect(await both.reencrypt()).toEqual({
      scanned: 25,
      rewritten: 0,
      skipped: 0,
      compacted: false,
    });

    const onlyB = stores.open(namespace, { keys: { B: keyB }, currentKeyId: 'B', indexKey });
    for (const token of saved) {
      const found = await onlyB.findToken({ accessToken: token.accessToken });
      expect(found?.refreshToken).toBe(token.refreshToken);
    }
    expect((await onlyB.getTokens()).length).toBe(25);
  });

  it('names the missing key in a CORRUPT_RECORD error, never showing garbage', async () => {
    const stores = memoryStores();
    const first = stores.fresh(underA);
    const saved = await first.saveToken(fullToken());
    const onlyB = stores.open(stores.namespaceOf(first), {
      keys: { B: keyB },
      currentKeyId: 'B',
      indexKey,
    });
    const error = await rejectsWith(onlyB.findTokenById(saved.id), 'CORRUPT_RECORD', 'missing key');
    expect(error.message).toContain('"A"');
    expect(error.message).toContain('not configured');
  });

  it('detects a wrong key given under the right id', async () => {
    const stores = memoryStores();
    const first = stores.fresh(underA);
    const saved = await first.saveToken(fullToken());
    const wrong = stores.open(stores.namespaceOf(first), {
      keys: { A: keyB },
      currentKeyId: 'A',
      indexKey,
    });
    await rejectsWith(wrong.findTokenById(saved.id), 'CORRUPT_RECORD', 'wrong key');
  });
});
