import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';
import { describeProcessFlows, type SharedStore } from './helpers/describe-process-flows.js';
import { tempDir } from './helpers/temp-dir.js';

const dir = tempDir();

function sqliteFile(): SharedStore {
  const filename = join(dir, `${randomUUID()}.db`);
  return {
    env: { TOKENSTORE_SQLITE_FILE: filename },
    open: () => new SqliteTokenStore({ filename }),
  };
}

describeProcessFlows('typescript', 'one SQLite file', sqliteFile);
describeProcessFlows('nodejs', 'one SQLite file', sqliteFile);
