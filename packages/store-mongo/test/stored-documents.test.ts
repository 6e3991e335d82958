import { createHash } from 'node:crypto';
import { digestKey } from '@tokenstore/core/backend';
import { describe, expect, it } from 'vitest';
import { MongoTokenStore } from '../src/index.js';
import { rawCollection, snapshot } from './helpers/raw.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

const { client } = await useServer();

function open(collection = freshCollection()) {
  return { collection, store: new MongoTokenStore({ client, database: DATABASE, collection }) };
}

/** A document's revision, restated: the SHA-256 digest of its data, base64url. */
function revision(data: string): string {
  return createHash('sha256').update(data).digest('base64url');
}

describe('stored documents', () => {
  it('hold _id, v, k (digests, or a placeholder per absent key), d and r, and nothing else', async () => {
    const { collection, store } = open();
    const saved = await store.saveToken({
      id: 'token-1',
      userName: 'me@example.com:123',
      clientId: 'client',
      clientSecret: 'secret',
      refreshToken: 'refresh',
      expiresAt: 42,
    });
    const [doc] = await snapshot(rawCollection(client, collection));
    const data = JSON.stringify({
      userName: 'me@example.com:123',
      clientId: 'client',
      clientSecret: 'secret',
      refreshToken: 'refresh',
      expiresAt: 42,
      updatedAt: saved.updatedAt,
    });
    expect(doc).toEqual({
      _id: 'token-1',
      v: 1,
      k: {
        userName: digestKey({ kind: 'userName', parts: ['me@example.com:123'] }),
        accessToken: '!token-1',
        refreshToken: digestKey({ kind: 'refreshToken', parts: ['client', 'refresh'] }),
        grantToken: '!token-1',
      },
      d: data,
      r: revision(data),
    });
    // No secret is a key or an index entry: only digests are.
    expect(JSON.stringify(doc?.k)).not.toMatch(/secret|refresh"/);
    await store.saveToken({ id: saved.id, accessToken: 'access' });
    const [updated] = await snapshot(rawCollection(client, collection));
    expect(updated?.v).toBe(2);
    expect(updated?.k.accessToken).toBe(digestKey({ kind: 'accessToken', parts: ['access'] }));
    expect(updated?.r).toBe(revision(updated?.d)); // a new revision with every write
    expect(updated?.r).not.toBe(doc?.r);
    await store.close();
  });

  it('keep every id exactly, escaping only ids that BSON would change or that start with ~', async () => {
    const { collection, store } = open();
    const ids = [
      'plain',
      '~tilde',
      'lone \ud800 surrogate',
      '\udfff',
      'nul\u0000inside',
      '😀 \u202e rtl',
      '$ne',
      'x'.repeat(4096),
    ];
    for (const id of ids) await store.saveToken({ id, accessToken: `a-${id}` });
    for (const id of ids) expect((await store.findTokenById(id))?.id).toBe(id);
    expect((await store.getTokens()).map((t) => t.id).sort()).toEqual([...ids].sort());
    const stored = (await snapshot(rawCollection(client, collection))).map((d) => d._id);
    expect(stored).toContain('plain');
    expect(stored).toContain('$ne');
    expect(stored).toContain('~"~tilde"');
    expect(stored).toContain('~"lone \\ud800 surrogate"');
    // The escaped form of one id is never the plain form of another.
    expect(await store.findTokenById('~"~tilde"')).toBeNull();
    await store.saveToken({ id: '~"~tilde"', accessToken: 'other' });
    expect((await store.findTokenById('~tilde'))?.accessToken).toBe('a-~tilde');
    expect((await store.findTokenById('~"~tilde"'))?.accessToken).toBe('other');
    await store.close();
  });

  it('tokens without a refresh token (or any other key) never collide on the placeholder', async () => {
    const { store } = open();
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.saveToken({ accessToken: `only-access-${i}` })),
    );
    expect(new Set(many.map((t) => t.id)).size).toBe(20);
    await store.close();
  });

  it('a document that is not a token record reads as CORRUPT_RECORD', async () => {
    const { collection, store } = open();
    await rawCollection(client, collection).insertOne({ _id: 'broken', v: 'one', k: {}, d: 1 });
    await expect(store.findTokenById('broken')).rejects.toMatchObject({ code: 'CORRUPT_RECORD' });
    await store.close();
  });
});
