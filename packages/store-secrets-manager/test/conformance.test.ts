import type { TokenStore } from '@tokenstore/core';
import { describeTokenStore } from '@tokenstore/core/vitest';
import { type MotoServer, startMoto } from '@tokenstore/test-servers';
import { afterAll, beforeAll } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';
import { motoClientConfig, randomPrefix } from './helpers/moto.js';

// The whole suite on one moto_server: each store a fresh random prefix with its own client;
// reopen = a new store (and client) on the same prefix.
let server: MotoServer;
const prefixOf = new WeakMap<TokenStore, string>();

beforeAll(async () => {
  server = await startMoto();
});

afterAll(async () => {
  await server?.stop();
});

function open(prefix: string): SecretsManagerTokenStore {
  const store = new SecretsManagerTokenStore({
    prefix,
    clientConfig: motoClientConfig(server),
    // moto handles one request at a time: a batch of saves waits in its queue, seconds on a
    // loaded 2-core machine (the 10 s default failed a CI run at load 20). Timeouts have their
    // own tests (errors.test.ts).
    operationTimeoutMs: 60_000,
  });
  prefixOf.set(store, prefix);
  return store;
}

describeTokenStore('SecretsManagerTokenStore on moto', {
  create: () => open(randomPrefix()),
  reopen: (store) => open(prefixOf.get(store) ?? ''),
  open,
  // A slow server on a shared machine: fewer model-based runs (each crosses hundreds of
  // tokens), and room for them. TOKENSTORE_CONFORMANCE_RUNS turns it up.
  runs: Number(process.env.TOKENSTORE_CONFORMANCE_RUNS ?? 2),
  timeoutMs: 600_000,
});
