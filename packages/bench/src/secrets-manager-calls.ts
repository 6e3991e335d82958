import { randomUUID } from 'node:crypto';
import type { TokenStore } from '@tokenstore/core';
import type { CallCountRow, SecretsManagerResult } from './results.js';
import type { Log } from './run-target.js';
import { benchToken, newTokenInput } from './token-fixtures.js';

/** Saves in flight at once while seeding the emulator. */
const SEED_IN_FLIGHT = 20;

/**
 * The calls the store's README and its call-count tests document, for a token holding all four
 * unique keys (userName, accessToken, clientId + refreshToken, clientId + grantToken): a
 * record secret plus one index secret per key.
 */
function documented(operation: string, size: number): Record<string, number> | undefined {
  const keys = 4;
  switch (operation) {
    case 'saveToken insert':
      return { CreateSecret: keys + 1, GetSecretValue: 1 };
    case 'saveToken update, same keys':
      return { GetSecretValue: 2, PutSecretValue: 1, UpdateSecretVersionStage: 1 };
    case 'saveToken refresh (new accessToken)':
      // Right after the findToken of the refresh: the save starts from the record found.
      return { CreateSecret: 1, DeleteSecret: 1, PutSecretValue: 1, UpdateSecretVersionStage: 1 };
    case 'saveToken refresh, token not read before':
      return {
        CreateSecret: 1,
        DeleteSecret: 1,
        GetSecretValue: 2,
        PutSecretValue: 1,
        UpdateSecretVersionStage: 1,
      };
    case 'saveToken by id':
      return { GetSecretValue: 1, PutSecretValue: 1, UpdateSecretVersionStage: 1 };
    case 'findTokenById':
    case 'findToken miss':
      return { GetSecretValue: 1 };
    case 'deleteToken':
      return {
        DeleteSecret: keys + 1,
        GetSecretValue: 1,
        PutSecretValue: 1,
        UpdateSecretVersionStage: 1,
      };
    case 'tokens() all':
      // The README: the prefix alone up to 100 records; past that, its 64 one-character-longer
      // prefixes instead (each under 100 records until about 6,400 tokens, digests being even).
      if (size > 6_400) return undefined;
      return {
        BatchGetSecretValue: Math.ceil(size / 20),
        ListSecrets: size <= 100 ? 1 : 65,
      };
    default:
      return operation.startsWith('findToken ') ? { GetSecretValue: 2 } : undefined;
  }
}

/**
 * Counts the Secrets Manager API calls of each operation on moto_server, with one token stored
 * and again with `tokens` stored, so a reader sees both the per-operation cost and that keyed
 * calls do not grow with the number of tokens. Timings on the emulator are not reported: its
 * speed says nothing about the service.
 */
export async function countSecretsManagerCalls(
  tokens: number,
  log: Log,
): Promise<SecretsManagerResult> {
  const { SecretsManagerTokenStore } = await import('@tokenstore/store-secrets-manager');
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const { SdkCallCounter, startMoto } = await import('@tokenstore/test-servers');
  const server = await startMoto();
  const client = new SecretsManagerClient({
    endpoint: server.endpoint,
    region: server.region,
    credentials: { ...server.credentials },
  });
  const counter = new SdkCallCounter(client);
  const calls: CallCountRow[] = [];
  const record = async (operation: string, size: number, work: () => Promise<unknown>) => {
    calls.push({
      operation,
      size,
      counted: (await counter.during(work)).counts,
      documented: documented(operation, size),
    });
  };
  try {
    const prefix = `bench/${randomUUID()}/`;
    const open = (): TokenStore =>
      new SecretsManagerTokenStore({ client, prefix, forceDelete: true });
    const store = open();
    // A store starts a save from a record it read or wrote in the last 2 s: saves measured
    // "not read before" go through a store on the same prefix that has not seen the token.
    const cold = () => open();
    log('secrets-manager: counting calls with 1 token');
    const first = benchToken(0);
    await record('saveToken insert', 1, () => store.saveToken(newTokenInput(0)));
    await finds(record, store, 0, 1);
    // Before any update: moto answers BatchGetSecretValue with a secret's first version, so an
    // updated record costs one GetSecretValue more there (not on AWS).
    await record('tokens() all', 1, () => countAll(store));
    const saved = await store.findToken({ userName: first.userName });
    await record('saveToken update, same keys', 1, () =>
      cold().saveToken({ userName: first.userName, expiresAt: first.expiresAt + 1 }),
    );
    await record('saveToken refresh, token not read before', 1, () =>
      cold().saveToken({ userName: first.userName, accessToken: `${first.accessToken}.v2` }),
    );
    await store.findToken({ userName: first.userName }); // as getValidToken does before a refresh
    await record('saveToken refresh (new accessToken)', 1, () =>
      store.saveToken({ userName: first.userName, accessToken: `${first.accessToken}.v3` }),
    );
    await record('saveToken by id', 1, () =>
      cold().saveToken({ id: saved?.id as string, expiresAt: first.expiresAt + 2 }),
    );
    await record('deleteToken', 1, () => store.deleteToken(saved?.id as string));

    log(`secrets-manager: seeding ${tokens} tokens through saveToken on moto`);
    const started = performance.now();
    for (let at = 1; at <= tokens; at += SEED_IN_FLIGHT) {
      const batch = Array.from(
        { length: Math.min(SEED_IN_FLIGHT, tokens + 1 - at) },
        (_, i) => at + i,
      );
      await Promise.all(batch.map((i) => store.saveToken(newTokenInput(i))));
    }
    const seeded = { tokens, ms: performance.now() - started };
    log(`secrets-manager: counting calls with ${tokens} tokens`);
    await finds(record, store, Math.ceil(tokens / 2), tokens);
    await record('tokens() all', tokens, () => countAll(store));
    await store.close();
    return { calls, seeded };
  } finally {
    client.destroy();
    await server.stop();
  }
}

async function countAll(store: TokenStore): Promise<number> {
  let n = 0;
  for await (const _ of store.tokens()) n++;
  return n;
}

async function finds(
  record: (operation: string, size: number, work: () => Promise<unknown>) => Promise<void>,
  store: TokenStore,
  i: number,
  size: number,
): Promise<void> {
  const t = benchToken(i);
  const { clientId, clientSecret } = t;
  const expect = async (found: Promise<unknown>) => {
    if (((await found) as { userName?: string } | null)?.userName !== t.userName) {
      throw new Error('secrets-manager: a keyed find missed a stored token');
    }
  };
  await record('findToken userName', size, () => expect(store.findToken({ userName: t.userName })));
  await record('findToken accessToken', size, () =>
    expect(store.findToken({ accessToken: t.accessToken })),
  );
  await record('findToken clientId+refreshToken', size, () =>
    expect(store.findToken({ clientId, clientSecret, refreshToken: t.refreshToken })),
  );
  await record('findToken clientId+grantToken', size, () =>
    expect(store.findToken({ clientId, clientSecret, grantToken: t.grantToken })),
  );
  await record('findToken miss', size, () => store.findToken({ userName: 'nobody@example.com' }));
  const stored = await store.findToken({ userName: t.userName });
  await record('findTokenById', size, () => store.findTokenById(stored?.id as string));
}
