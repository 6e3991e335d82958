import { describeSqlConformance } from '@tokenstore/test-servers/vitest';
import { useServer } from './helpers/server.js';

// The caller's-pool path is the same backend; errors.test.ts checks that such a pool stays open.
const { sql } = await useServer();

describeSqlConformance('MysqlTokenStore', sql);
