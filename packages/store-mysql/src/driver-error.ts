import { isTokenStoreError } from '@tokenstore/core';
import { type BackendFailureInfo, missingTableReason } from '@tokenstore/core/backend';
import { quoted } from './table-name.js';

/**
 * Server errors that mean the store's configuration was refused: access denied for the user
 * (1045, 1698), to the database (1044) or a table (1142, 1143), no such database (1049). Their
 * messages name a user, host, database or table, never a value, so the message is kept.
 */
const REFUSED_CONFIGURATION = new Set<unknown>([1044, 1045, 1049, 1142, 1143, 1698]);

/** ER_NO_SUCH_TABLE: a statement names a table that is not there. */
const NO_SUCH_TABLE = 1146;

/** The server's message for {@link NO_SUCH_TABLE} (`db.table`); only a name the store could use. */
const TABLE_MISSING = /^Table '(?:.*\.)?([a-z0-9_]{1,63})' doesn't exist$/;

/**
 * The reason of an ER_NO_SUCH_TABLE on a store that set its table up: the table was dropped or
 * renamed since, from another connection. No retry fixes that, so it is misconfigured
 * (`STORE_MISCONFIGURED`), with the table named; the name is read from the server's message
 * only when it is a plain table name, so nothing else of that message is kept.
 */
function missingTableIn(sqlMessage: string): string {
  const table = TABLE_MISSING.exec(sqlMessage)?.[1];
  return missingTableReason(table === undefined ? undefined : quoted(table));
}

/**
 * An error of mysql2, reduced to what describes the failure without the data: mysql2's errors
 * carry the statement (`sql`, with the values inlined for text queries), and the server's
 * message may quote values (`Duplicate entry '…' for key …`, `Incorrect string value: '…'`, or
 * anything a trigger's SIGNAL says). The copy keeps the error `code`, `errno` and `sqlState` and
 * the index a duplicate entry names, and leaves the server's message out, so `util.inspect` of a
 * store error and its cause shows no token data. Errors of the connection itself (ECONNREFUSED,
 * PROTOCOL_CONNECTION_LOST) keep their message, which describes the server only.
 */
export class MysqlDriverError extends Error implements BackendFailureInfo {
  override readonly name: string;
  /** The server's error name (`ER_DUP_ENTRY`) or the system error code (`ECONNREFUSED`). */
  readonly code?: string;
  /** The server's error number (1062). */
  readonly errno?: number;
  readonly sqlState?: string;
  /** For a duplicate entry (1062): the index it names (`PRIMARY`, `user_key`, ...). */
  readonly index?: string;
  /**
   * What an operator reads: the connection's own error (`connect ECONNREFUSED 127.0.0.1:3306`),
   * a refused configuration's server message (`Access denied for user 'app'@'127.0.0.1' (using
   * password: YES)`), else the message above (codes only).
   */
  readonly reason: string;
  /** True when the server refused the store's credentials, database or privileges, or its table is gone. */
  readonly misconfigured: boolean;

  constructor(source: unknown) {
    const error = source instanceof Error ? source : undefined;
    const { code, errno, sqlState, sqlMessage } = (source ?? {}) as Record<string, unknown>;
    const fromServer = typeof sqlMessage === 'string';
    const tableMissing = fromServer && errno === NO_SUCH_TABLE;
    const misconfigured = tableMissing || (fromServer && REFUSED_CONFIGURATION.has(errno));
    const what = [code, errno, typeof sqlState === 'string' ? `SQLSTATE ${sqlState}` : undefined];
    const codes = what.filter((part) => part !== undefined).join(', ');
    super(
      !fromServer
        ? error?.message || 'the MySQL driver failed'
        : tableMissing
          ? `${missingTableIn(sqlMessage)} (${codes})`
          : misconfigured
            ? `${sqlMessage} (${codes})`
            : `the server refused the statement (${codes}; its message is left out: it may quote values)`,
    );
    this.reason = this.message;
    this.misconfigured = misconfigured;
    this.name = error?.name ?? 'Error';
    if (typeof code === 'string') this.code = code;
    if (typeof errno === 'number') this.errno = errno;
    if (typeof sqlState === 'string') this.sqlState = sqlState;
    if (errno === DUPLICATE_ENTRY) {
      // MariaDB: "for key 'user_key'"; MySQL 8: "for key 'table.user_key'".
      const index = /for key '(?:[^'.]*\.)?([^'.]+)'$/.exec(String(sqlMessage))?.[1];
      if (index !== undefined) this.index = index;
    }
  }
}

/** Runs a driver call; whatever it throws comes out as a {@link MysqlDriverError}. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof MysqlDriverError || isTokenStoreError(error)) throw error;
    throw new MysqlDriverError(error);
  }
}

/** ER_DUP_ENTRY */
export const DUPLICATE_ENTRY = 1062;
/** ER_LOCK_DEADLOCK: InnoDB rolled the statement back; running it again is safe. */
export const DEADLOCK = 1213;
