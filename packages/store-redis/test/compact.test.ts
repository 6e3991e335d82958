import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EncryptionOptions } from '@tokenstore/core';
import { fullToken, unique } from '@tokenstore/core/conformance';
import { startRedis } from '@tokenstore/test-servers';
import { serverForFile } from '@tokenstore/test-servers/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';
import { randomPrefix } from './helpers/prefix.js';

const dir = mkdtempSync(join(tmpdir(), 'tokenstore-redis-aof-'));
const server = serverForFile(() => startRedis({ appendonly: true, dir }));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under the server's data directory (AOF parts, manifest), as bytes. */
function files(under: string): Buffer {
  return Buffer.concat(
    readdirSync(under).map((name) => {
      const path = join(under, name);
      return statSync(path).isDirectory() ? files(path) : readFileSync(path);
    }),
  );
}

const leaked = (secrets: readonly string[]) => {
  const bytes = files(dir);
  return secrets.filter((secret) => bytes.includes(Buffer.from(secret))).length;
};

// After reencrypt() reported every record rewritten, 20 of 20 plaintext secrets were still in
// Redis's append-only file. reencrypt() now ends with BGREWRITEAOF (and waits for it).
describe('migrating a Redis store to encryption', () => {
  it('leaves plaintext in the AOF without compaction, none after it', async () => {
    const prefix = randomPrefix();
    const plain = new RedisTokenStore({ url: server().url, prefix });
    const secrets: string[] = [];
    for (let i = 0; i < 20; i++) {
      const token = fullToken({ refreshToken: unique('PLAIN-rt') });
      secrets.push(token.refreshToken as string);
      await plain.saveToken(token);
    }
    await plain.close();
    const encryption: EncryptionOptions = {
      keys: { k1: randomBytes(32) },
      currentKeyId: 'k1',
      indexKey: randomBytes(32),
      plaintextRecords: 'migrate',
    };
    const store = new RedisTokenStore({ url: server().url, prefix, encryption });
    expect(await store.reencrypt({ compact: false })).toMatchObject({ rewritten: 20 });
    expect(leaked(secrets)).toBe(20);
    expect(await store.compact()).toBe(true);
    expect(leaked(secrets)).toBe(0);
    expect(await store.getTokens()).toHaveLength(20);
    await store.close();
  });
});
