import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RedisServer, startRedis } from '@tokenstore/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeZoho } from './helpers/fake-zoho.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  EMAIL,
  GRANT_TOKEN,
  REFRESH_TOKEN,
  ZGID,
} from './helpers/flow-context.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
// Inside the package, so that the examples import the built @tokenstore/zoho by its name (a
// package may import itself) and its devDependencies; removed afterwards.
const WORK_DIR = join(PACKAGE_DIR, '.readme-examples');
/** An example that has not exited by then left something open (a connection, a timer). */
const EXIT_DEADLINE_MS = 60_000;

/** Every ```js and ```ts block of the README, in order. */
function examples(): { lang: string; code: string }[] {
  const readme = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8');
  return [...readme.matchAll(/```(js|ts)\n([\s\S]*?)```/g)].map((match) => ({
    lang: match[1] ?? 'js',
    code: match[2] ?? '',
  }));
}

// The examples use Zoho's US data center and /path/to files; here they talk to the fake Zoho
// on loopback and a directory of their own. Nothing else of them is changed.
function localized(code: string, dir: string): string {
  return code
    .replaceAll(
      'ZOHOCRMSDK.USDataCenter.PRODUCTION()',
      'new ZOHOCRMSDK.Environment(process.env.FAKE_ZOHO_URL, process.env.FAKE_ZOHO_URL + "/oauth/v2/token", process.env.FAKE_ZOHO_URL)',
    )
    .replaceAll('/path/to/', `${dir}/`);
}

let zoho: FakeZoho;
let redis: RedisServer | undefined;

beforeAll(async () => {
  zoho = await FakeZoho.start({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    grantTokens: [GRANT_TOKEN],
    email: EMAIL,
    zgid: ZGID,
  });
  redis = await startRedis();
  rmSync(WORK_DIR, { recursive: true, force: true });
});
afterAll(async () => {
  rmSync(WORK_DIR, { recursive: true, force: true });
  await redis?.stop();
  await zoho?.stop();
});

describe('README examples (build first: pnpm build)', () => {
  const blocks = examples();
  it('has the examples this test expects', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  // In order: the first exchanges the grant token; the later ones start from its refresh token.
  it.each(blocks.map((block, index) => [index + 1, block] as const))(
    'example %i runs and exits by itself',
    async (index, { lang, code }) => {
      const dir = join(WORK_DIR, `example-${index}`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `example.${lang === 'ts' ? 'mts' : 'mjs'}`);
      writeFileSync(file, localized(code, dir));
      const before = zoho.apiRequests.length;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--no-deprecation', '--no-warnings', file],
        {
          cwd: dir,
          timeout: EXIT_DEADLINE_MS,
          env: {
            ...process.env,
            FAKE_ZOHO_URL: zoho.url,
            ZOHO_CLIENT_ID: CLIENT_ID,
            ZOHO_CLIENT_SECRET: CLIENT_SECRET,
            ZOHO_GRANT_TOKEN: GRANT_TOKEN,
            ZOHO_REFRESH_TOKEN: REFRESH_TOKEN,
            REDIS_URL: redis?.url ?? '',
          },
        },
      );
      // It exited 0 within the deadline (execFile rejects otherwise); examples that call the
      // API did so successfully.
      if (code.includes('getOrganization')) {
        expect(zoho.apiRequests.slice(before).at(-1)?.status).toBe(200);
      }
      if (code.includes("console.log('org:'")) expect(stdout).toContain('org: 200');
    },
    EXIT_DEADLINE_MS + 10_000,
  );
});
