import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from './binaries.js';

const run = promisify(execFile);

/**
 * An initialised data directory kept in `$TOKENSTORE_CACHE/templates/<key>`, built once by
 * `build` (initdb, mariadb-install-db: seconds each) and copied for every server (a tenth of a
 * second). Test files start servers in parallel: each builds into a directory of its own and
 * renames it into place, and the loser of that race drops its copy.
 */
export async function dataTemplate(
  key: string,
  build: (scratch: string) => Promise<string>,
): Promise<string> {
  const templates = join(cacheDir(), 'templates');
  const final = join(templates, key);
  if (existsSync(final)) return final;
  mkdirSync(templates, { recursive: true });
  const scratch = join(templates, `.${key}.${process.pid}.${Date.now()}`);
  mkdirSync(scratch, { mode: 0o755 });
  try {
    const built = await build(scratch);
    try {
      renameSync(built, final);
    } catch (error) {
      if (!existsSync(final)) throw error; // another process won the race: use its copy
    }
    return final;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Copies a template to `dest` (which must not exist yet) with `cp -a`, which keeps owners and
 * modes: a PostgreSQL data directory must belong to the user the server runs as, mode 0700.
 */
export async function copyTemplate(template: string, dest: string): Promise<void> {
  await run('cp', ['-a', template, dest]);
}
