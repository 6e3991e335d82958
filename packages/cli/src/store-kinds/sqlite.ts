import { UsageError } from '../exit-codes.js';
import { loadAdapter } from '../load-adapter.js';
import { probeSqliteTable } from './sqlite-probe.js';
import { defineStoreKind } from './store-kind.js';
import { allowOnly, param, splitQuery } from './url-parts.js';

/** `sqlite:<file>[?table=name&synchronous=FULL|NORMAL]`: a SQLite file, relative to the cwd. */
export interface SqliteStoreSpec {
  readonly kind: 'sqlite';
  readonly filename: string;
  readonly table: string | undefined;
  readonly synchronous: 'FULL' | 'NORMAL' | undefined;
}

const PACKAGE = '@tokenstore/store-sqlite';
/** The table SqliteTokenStore uses when none is named. */
const DEFAULT_TABLE = 'tokens';

export const sqliteKind = defineStoreKind<SqliteStoreSpec>({
  kind: 'sqlite',
  schemes: ['sqlite'],
  packageName: PACKAGE,
  urlForm: 'sqlite:./tokens.db?table=tokens',
  parse(text) {
    const { base, params } = splitQuery(text);
    allowOnly(text, params, ['table', 'synchronous']);
    // sqlite:./x.db, sqlite:/abs/x.db and sqlite:///abs/x.db all name a file; %xx decodes.
    let path = base.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    let filename: string;
    try {
      filename = decodeURIComponent(path);
    } catch {
      throw new UsageError(`${text}: the file name has a malformed %-escape`);
    }
    if (filename === '') {
      throw new UsageError(`${text}: name the database file, as in sqlite:./tokens.db`);
    }
    const synchronous = param(params, 'synchronous')?.toUpperCase();
    if (synchronous !== undefined && synchronous !== 'FULL' && synchronous !== 'NORMAL') {
      throw new UsageError(`${text}: synchronous must be FULL or NORMAL`);
    }
    return { kind: 'sqlite', filename, table: param(params, 'table'), synchronous };
  },
  async open(spec, options = {}) {
    const { SqliteTokenStore } = await loadAdapter(
      PACKAGE,
      'sqlite',
      () => import('@tokenstore/store-sqlite'),
    );
    const readOnly = options.readOnly === true;
    await probeSqliteTable(spec.filename, spec.table ?? DEFAULT_TABLE, readOnly);
    return new SqliteTokenStore({
      filename: spec.filename,
      ...(readOnly ? { readOnly } : {}),
      ...(spec.table === undefined ? {} : { table: spec.table }),
      ...(spec.synchronous === undefined ? {} : { synchronous: spec.synchronous }),
    });
  },
  namespace: {
    name: 'table',
    fresh: (hex) => `check_${hex}`,
    apply: (spec, table) => ({ ...spec, table }),
  },
});
