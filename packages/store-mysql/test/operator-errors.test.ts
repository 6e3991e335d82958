import { MARIADB_DATABASE, startMariaDb } from '@tokenstore/test-servers';
import { describeSqlOperatorErrors } from '@tokenstore/test-servers/vitest';
import mysql from 'mysql2/promise';
import { MysqlTokenStore } from '../src/index.js';
import { freshTable } from './helpers/server.js';

// Errors an operator can act on (#20) on a real MariaDB: a wrong password for a user of this
// file's own, and a closed port.

const USER = 'tokenstore_app';
const PASSWORD = 'right-pass-c41e7a';

/** A MariaDB of this file's own with USER, who logs in with PASSWORD. */
async function startWithUser() {
  const server = await startMariaDb();
  const admin = await mysql.createConnection({ uri: server.url });
  try {
    await admin.query(
      `CREATE USER IF NOT EXISTS '${USER}'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}'`,
    );
    await admin.query(`GRANT ALL ON \`${MARIADB_DATABASE}\`.* TO '${USER}'@'127.0.0.1'`);
  } finally {
    await admin.end();
  }
  return server;
}

describeSqlOperatorErrors({
  scheme: 'mysql',
  database: MARIADB_DATABASE,
  user: USER,
  password: PASSWORD,
  wrongPassword: 'wrong-pass-93bd15',
  start: startWithUser,
  open: (url) => new MysqlTokenStore({ url, table: freshTable() }),
  refusal: { reason: `Access denied for user '${USER}'@'127.0.0.1'`, code: '1045' },
});
