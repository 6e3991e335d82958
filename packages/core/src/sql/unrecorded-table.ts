import { TokenStoreError } from '../errors.js';
import { SQL_COLUMNS, SQL_KEY_COLUMNS } from './columns.js';
import { SQL_SCHEMA_TABLE } from './schema-version.js';

/** A column of an existing table, as the adapter read it from the server's catalogue. */
export interface SqlFoundColumn {
  /** The column's name, as the catalogue spells it. */
  readonly name: string;
  /** Its type, lower case, as the adapter reads back the type its own DDL gives it (`bytea`). */
  readonly type: string;
  /** True when a primary key or unique index covers this column alone. */
  readonly unique: boolean;
}

/** What a SQL adapter found under the token table's name, which `tokenstore_schema` lacks. */
export interface SqlFoundTable {
  /** Every column of the table. */
  readonly columns: readonly SqlFoundColumn[];
  /** True when the table holds no row. */
  readonly empty: boolean;
}

/** What {@link unrecordedTableVerdict} decides from. */
export interface UnrecordedTableCheck {
  /** The token table as it appears in SQL (quoted). */
  readonly table: string;
  /** The package setting the table up, for the message (`@tokenstore/store-postgres`). */
  readonly store: string;
  /** What the adapter found under the table's name; `undefined`: no such table. */
  readonly found: SqlFoundTable | undefined;
  /** The type of each column as the adapter reads back a table its own DDL created. */
  readonly types: Readonly<Record<(typeof SQL_COLUMNS)[number], string>>;
}

/** The columns that must be unique on their own: the id and every key digest. */
const UNIQUE_COLUMNS: ReadonlySet<string> = new Set(['id', ...Object.values(SQL_KEY_COLUMNS)]);

/** Why `found` is not a token table of this store's layout, or `undefined` when it is. */
function shapeMismatch(
  found: SqlFoundTable,
  types: UnrecordedTableCheck['types'],
): string | undefined {
  const byName = new Map(found.columns.map((column) => [column.name, column]));
  const expected: readonly string[] = SQL_COLUMNS;
  const missing = expected.filter((name) => !byName.has(name));
  const extra = found.columns
    .map((column) => column.name)
    .filter((name) => !expected.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 ? `lacks ${missing.join(', ')}` : '',
      extra.length > 0 ? `has ${extra.join(', ')}` : '',
    ].filter((part) => part !== '');
    return `its columns are not a token table's (it ${parts.join(' and ')})`;
  }
  for (const name of SQL_COLUMNS) {
    const column = byName.get(name) as SqlFoundColumn;
    if (column.type !== types[name]) {
      return `its column ${name} is ${column.type}, not ${types[name]}`;
    }
    if (UNIQUE_COLUMNS.has(name) && !column.unique) {
      return `its column ${name} has no unique index of its own`;
    }
  }
  return undefined;
}

/**
 * What set-up does with the token table when `tokenstore_schema` has no row for it: `create`
 * it when no table has its name; `adopt` a table that has the store's columns, types and unique
 * indexes and holds no row (what a set-up interrupted between creating the table and recording
 * its version leaves: MySQL's DDL commits on its own); and otherwise throws
 * `STORE_MISCONFIGURED` naming the table. The caller then writes nothing, neither the schema row
 * nor anything else: a table of the application's that happens to have the configured name
 * (`users`) is never read, written or cleared as if it held tokens.
 */
export function unrecordedTableVerdict({
  table,
  store,
  found,
  types,
}: UnrecordedTableCheck): 'create' | 'adopt' {
  if (found === undefined) return 'create';
  const mismatch = shapeMismatch(found, types);
  const why = mismatch ?? (found.empty ? undefined : 'it holds rows');
  if (why === undefined) return 'adopt';
  throw new TokenStoreError(
    'STORE_MISCONFIGURED',
    `table ${table} exists but is not a token table of ${store}: ${SQL_SCHEMA_TABLE} has no row for it and ${why}; the store leaves it untouched (choose another \`table\`)`,
  );
}
