import { closedPort, redisCommand, startRedis } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

// What an operator reads when a store fails (#20): the store (its URL, password redacted), the
// driver's own reason and whether retrying may help, never an internal method name; and an exit
// code that tells a configuration error (4) from an unavailable store (3).

const PASSWORD = 'right-pass-61a9d0';
const WRONG = 'wrong-pass-e27c5b';
const redis = serverForFile(() => startRedis());
let port: number;

beforeAll(async () => {
  port = Number(new URL(redis().url).port);
  await redisCommand('127.0.0.1', port, ['CONFIG', 'SET', 'requirepass', PASSWORD]);
});

describe('tokenstore on a failing store', () => {
  it('an unreachable store: the URL, ECONNREFUSED with the address, retrying may help, exit 3', async () => {
    const closed = await closedPort();
    const run = await runCli(['count', `redis://127.0.0.1:${closed}/0`], { timeoutMs: 60_000 });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `tokenstore: redis://127.0.0.1:${closed}/0: connect ECONNREFUSED 127.0.0.1:${closed} (STORE_UNAVAILABLE; retrying may help)\n`,
    );
  });

  it('a wrong password: the redacted URL, WRONGPASS, retrying will not help, exit 4', async () => {
    const run = await runCli(['count', `redis://:${WRONG}@127.0.0.1:${port}/0`], {
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      new RegExp(
        `^tokenstore: redis://.*127\\.0\\.0\\.1:${port}/0: WRONGPASS .*\\(STORE_MISCONFIGURED; fix the configuration: retrying will not help\\)\\n$`,
      ),
    );
    expect(run.stdout + run.stderr).not.toContain(WRONG);
    expect(run.stderr).not.toMatch(/\btokens: |the backend failed/);
  });
});
