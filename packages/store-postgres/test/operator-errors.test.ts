import { startPostgres } from '@tokenstore/test-servers';
import { describeSqlOperatorErrors } from '@tokenstore/test-servers/vitest';
import pg from 'pg';
import { PostgresTokenStore } from '../src/index.js';
import { freshTable } from './helpers/server.js';

// Errors an operator can act on (#20) on a real PostgreSQL: a wrong password (the test server
// trusts every login, so this file switches its pg_hba.conf to scram-sha-256 for a role of its
// own) and a closed port.

const ROLE = 'tokenstore_app';
const PASSWORD = 'right-pass-5d19c2';

/** A PostgreSQL of this file's own on which ROLE logs in with PASSWORD only. */
async function startCheckingPasswords() {
  const server = await startPostgres();
  if (server.external) {
    await server.stop();
    throw new Error('this test rewrites its own server pg_hba.conf: unset POSTGRES_URL');
  }
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ hba_file: string }>('SHOW hba_file');
    const hba = rows[0]?.hba_file as string;
    // The superuser keeps its trusted login (test-servers' readiness check uses it).
    const lines = [
      'host all postgres 127.0.0.1/32 trust',
      'host all all 127.0.0.1/32 scram-sha-256',
    ];
    await admin.query(
      `COPY (SELECT unnest(ARRAY[${lines.map((line) => `'${line}'`).join(', ')}])) TO '${hba}'`,
    );
    await admin.query('SELECT pg_reload_conf()');
    await admin.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
    await admin.query(`GRANT CREATE ON SCHEMA public TO ${ROLE}`);
  } finally {
    await admin.end();
  }
  return server;
}

describeSqlOperatorErrors({
  scheme: 'postgres',
  database: 'postgres',
  user: ROLE,
  password: PASSWORD,
  wrongPassword: 'wrong-pass-8a03fe',
  start: startCheckingPasswords,
  open: (url) => new PostgresTokenStore({ url, table: freshTable(), poolOptions: { max: 1 } }),
  refusal: { reason: `password authentication failed for user "${ROLE}"`, code: '28P01' },
  // The role may not create tables in schema public (PostgreSQL 15+).
  missingPrivilege: /permission denied for schema public/,
});
