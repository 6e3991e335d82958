import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freshCollection, useServer } from './helpers/server.js';

const { server } = await useServer();
const run = promisify(execFile);

// The mongodb driver's debug log (MONGODB_LOG_ALL=debug) prints every command and reply
// document, which hold a token's fields: clientSecret, refreshToken and accessToken appeared in
// it. The store's own client turns the command component off.
describe('the driver’s own debug logging', () => {
  it('prints no secret of a store-created client, even with MONGODB_LOG_ALL=debug', async () => {
    const secrets = ['SECRET-cs', 'SECRET-rt', 'SECRET-at'].map((s) => `${s}-${randomUUID()}`);
    const script = fileURLToPath(
      new URL('./fixtures/save-with-driver-logging.mjs', import.meta.url),
    );
    const { stdout, stderr } = await run(
      process.execPath,
      [script, server.url, freshCollection(), ...secrets],
      {
        env: { ...process.env, MONGODB_LOG_ALL: 'debug', MONGODB_LOG_PATH: 'stderr' },
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const output = stdout + stderr;
    expect(output.length).toBeGreaterThan(0); // the driver does log (topology, connections)
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).not.toContain('SECRET-');
  }, 60_000);
});
