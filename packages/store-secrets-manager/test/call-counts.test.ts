import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { assertConditionalDeleteAtomic } from '@tokenstore/core/conformance';
import { type MotoServer, SdkCallCounter, startMoto } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';
import { motoBackend, motoClient, randomPrefix } from './helpers/moto.js';

// The API calls each operation makes, as the README's table states them. A token here holds
// three unique keys: userName, accessToken and (clientId, refreshToken).
let server: MotoServer;
let client: SecretsManagerClient;
let counter: SdkCallCounter;

beforeAll(async () => {
  server = await startMoto();
  client = motoClient(server);
  counter = new SdkCallCounter(client);
});

afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

function store(prefix: string = randomPrefix()): SecretsManagerTokenStore {
  return new SecretsManagerTokenStore({ client, prefix });
}

/**
 * A token saved by one store, and a second store on the same prefix that has not read or
 * written it: its saves read the token first (a store starts a save from a record it read or
 * wrote in the last 2 s instead).
 */
async function savedElsewhere(n: string) {
  const prefix = randomPrefix();
  const saved = await store(prefix).saveToken(token(n));
  return { prefix, saved, s: store(prefix) };
}

const token = (n: string) => ({
  userName: `user-${n}`,
  clientId: 'client',
  clientSecret: 'client-secret',
  refreshToken: `refresh-${n}`,
  accessToken: `access-${n}`,
  expiresAt: 1,
});

describe('API calls per operation', () => {
  it('findTokenById: one GetSecretValue, found or not', async () => {
    const s = store();
    const saved = await s.saveToken(token('a'));
    expect((await counter.during(() => s.findTokenById(saved.id))).counts).toEqual({
      GetSecretValue: 1,
    });
    expect((await counter.during(() => s.findTokenById('nothing'))).counts).toEqual({
      GetSecretValue: 1,
    });
  });

  it('findToken: two GetSecretValue (index, record) when found, one when not', async () => {
    const s = store();
    await s.saveToken(token('a'));
    const hit = await counter.during(() => s.findToken({ userName: 'user-a' }));
    expect(hit.result?.userName).toBe('user-a');
    expect(hit.counts).toEqual({ GetSecretValue: 2 });
    const miss = await counter.during(() => s.findToken({ userName: 'nobody' }));
    expect(miss.result).toBeNull();
    expect(miss.counts).toEqual({ GetSecretValue: 1 });
  });

  it('saveToken insert: one lookup, then one CreateSecret per unique key and one for the record', async () => {
    const s = store();
    const insert = await counter.during(() => s.saveToken(token('a')));
    expect(insert.result.version).toBe(1);
    expect(insert.counts).toEqual({ GetSecretValue: 1, CreateSecret: 4 });
  });

  it('saveToken refresh (new accessToken): 2 reads, claim, compare-and-set, release = 6 calls', async () => {
    const { s } = await savedElsewhere('a');
    const refresh = await counter.during(() =>
      s.saveToken({ userName: 'user-a', accessToken: 'access-a2', expiresAt: 2 }),
    );
    expect(refresh.result.version).toBe(2);
    expect(refresh.counts).toEqual({
      GetSecretValue: 2,
      CreateSecret: 1,
      PutSecretValue: 1,
      UpdateSecretVersionStage: 1,
      DeleteSecret: 1,
    });
  });

  it('a refresh after findToken (getValidToken): the save starts from the record found, no reads', async () => {
    const { s } = await savedElsewhere('a');
    const find = await counter.during(() => s.findToken({ userName: 'user-a' }));
    expect(find.counts).toEqual({ GetSecretValue: 2 });
    const refresh = await counter.during(() =>
      s.saveToken({ userName: 'user-a', accessToken: 'access-a2', expiresAt: 2 }),
    );
    expect(refresh.result.version).toBe(2);
    expect(refresh.counts).toEqual({
      CreateSecret: 1,
      PutSecretValue: 1,
      UpdateSecretVersionStage: 1,
      DeleteSecret: 1,
    });
    // The next save starts from what this one wrote: its compare-and-set, no read.
    const again = await counter.during(() => s.saveToken({ userName: 'user-a', expiresAt: 3 }));
    expect(again.result.version).toBe(3);
    expect(again.counts).toEqual({ PutSecretValue: 1, UpdateSecretVersionStage: 1 });
  });

  it('a save starting from a record another store has changed since: stale, read again, merged', async () => {
    const { prefix, s } = await savedElsewhere('a');
    await s.findToken({ userName: 'user-a' });
    await store(prefix).saveToken({ userName: 'user-a', redirectUrl: 'https://other.example' });
    const save = await counter.during(() =>
      s.saveToken({ userName: 'user-a', accessToken: 'access-a2' }),
    );
    expect(save.result).toMatchObject({
      version: 3,
      accessToken: 'access-a2',
      redirectUrl: 'https://other.example',
    });
    expect(save.counts.GetSecretValue).toBe(2); // the record found again after the stale write
  });

  it('saveToken update keeping every key: 2 reads and the compare-and-set = 4 calls', async () => {
    const { s } = await savedElsewhere('a');
    const update = await counter.during(() => s.saveToken({ userName: 'user-a', expiresAt: 3 }));
    expect(update.result.version).toBe(2);
    expect(update.counts).toEqual({
      GetSecretValue: 2,
      PutSecretValue: 1,
      UpdateSecretVersionStage: 1,
    });
  });

  it('saveToken by id: one read instead of two', async () => {
    const { saved, s } = await savedElsewhere('a');
    const update = await counter.during(() => s.saveToken({ id: saved.id, expiresAt: 4 }));
    expect(update.counts).toEqual({
      GetSecretValue: 1,
      PutSecretValue: 1,
      UpdateSecretVersionStage: 1,
    });
  });

  it('deleteToken: read, tombstone compare-and-set, delete the record and each index', async () => {
    const s = store();
    const saved = await s.saveToken(token('a'));
    const removal = await counter.during(() => s.deleteToken(saved.id));
    expect(removal.result).toBe(true);
    expect(removal.counts).toEqual({
      GetSecretValue: 1,
      PutSecretValue: 1,
      UpdateSecretVersionStage: 1,
      DeleteSecret: 4,
    });
    const none = await counter.during(() => s.deleteToken(saved.id));
    expect(none.result).toBe(false);
    expect(none.counts).toEqual({ GetSecretValue: 1 });
  });

  it('deleteToken with expectedVersion: the same calls, the version checked on the tombstone CAS', async () => {
    const s = store();
    const saved = await s.saveToken(token('a'));
    await s.saveToken({ id: saved.id, expiresAt: 9 });
    const stale = await counter.during(() =>
      s
        .deleteToken(saved.id, { expectedVersion: 1 })
        .catch((error: { code?: string }) => error.code),
    );
    expect(stale).toEqual({ result: 'VERSION_CONFLICT', counts: { GetSecretValue: 1 } });
    const removal = await counter.during(() => s.deleteToken(saved.id, { expectedVersion: 2 }));
    expect(removal.result).toBe(true);
    expect(removal.counts).toEqual({
      GetSecretValue: 1,
      PutSecretValue: 1,
      UpdateSecretVersionStage: 1,
      DeleteSecret: 4,
    });
  });

  it('deleteToken with expectedVersion is atomic: a save that lands first is a VERSION_CONFLICT', async () => {
    await assertConditionalDeleteAtomic(motoBackend(client));
  });

  it('tokens(): one ListSecrets per page of up to 100 and one BatchGetSecretValue per 20', async () => {
    const s = store();
    // Fresh inserts only: moto answers BatchGetSecretValue with the first version of a secret,
    // so an updated record would cost one GetSecretValue more there (not on AWS).
    await Promise.all(Array.from({ length: 45 }, (_, i) => s.saveToken(token(String(i)))));
    const listed = await counter.during(async () => {
      let n = 0;
      for await (const _ of s.tokens()) n++;
      return n;
    });
    expect(listed.result).toBe(45);
    expect(listed.counts).toEqual({ ListSecrets: 1, BatchGetSecretValue: 3 });
  });

  it('deleteTokens: a tombstone and a delete per record, a delete per index, then a check pass', async () => {
    const s = store();
    await Promise.all(Array.from({ length: 3 }, (_, i) => s.saveToken(token(String(i)))));
    const cleared = await counter.during(() => s.deleteTokens());
    expect(cleared.counts).toEqual({ ListSecrets: 2, PutSecretValue: 3, DeleteSecret: 12 });
    expect(await s.getTokens()).toEqual([]);
  });
});

describe('a keyed find with 1,000 tokens stored', () => {
  it('makes the same calls as with one token', async () => {
    const s = store();
    await s.saveToken(token('first'));
    const withOne = await counter.during(() => s.findToken({ userName: 'user-first' }));

    const started = Date.now();
    for (let batch = 0; batch < 1_000 - 1; batch += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, 999 - batch) }, (_, i) =>
          s.saveToken(token(`bulk-${batch + i}`)),
        ),
      );
    }
    const seconds = (Date.now() - started) / 1000;
    console.info(`created 999 tokens through the store on moto in ${seconds.toFixed(1)} s`);

    const withThousand = await counter.during(() => s.findToken({ userName: 'user-first' }));
    expect(withThousand.result?.userName).toBe('user-first');
    expect(withThousand.counts).toEqual(withOne.counts);
    const byRefresh = await counter.during(() =>
      s.findToken({
        clientId: 'client',
        clientSecret: 'client-secret',
        refreshToken: 'refresh-bulk-500',
      }),
    );
    expect(byRefresh.result?.userName).toBe('user-bulk-500');
    expect(byRefresh.counts).toEqual({ GetSecretValue: 2 });

    // A listing of more than one page is never paged (see record-listing.ts): the prefix, then
    // its 64 one-character extensions, each answered in one page.
    const listed = await counter.during(async () => (await s.getTokens()).length);
    expect(listed.result).toBe(1_000);
    expect(listed.counts.ListSecrets).toBe(65);
    console.info(`getTokens of 1,000 tokens: ${JSON.stringify(listed.counts)}`);
  }, 300_000);
});
