import { UsageError } from '../exit-codes.js';
import { loadAdapter } from '../load-adapter.js';
import { redactUrl } from '../redact-url.js';
import { defineStoreKind } from './store-kind.js';
import { param, splitQuery, withQuery } from './url-parts.js';

/** `mysql://[user:pass@]host[:port]/database[?table=name&…]`: a MySQL 8 or MariaDB table. */
export interface MysqlStoreSpec {
  readonly kind: 'mysql';
  /** The URL without `table`, for mysql2 (its own parameters, such as ssl, stay). */
  readonly url: string;
  readonly table: string | undefined;
}

const PACKAGE = '@tokenstore/store-mysql';

export const mysqlKind = defineStoreKind<MysqlStoreSpec>({
  kind: 'mysql',
  schemes: ['mysql'],
  packageName: PACKAGE,
  urlForm: 'mysql://user:password@127.0.0.1:3306/app?table=tokens',
  parse(text) {
    const { base, params } = splitQuery(text);
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      throw new UsageError(
        `${redactUrl(text)}: not a valid MySQL URL (mysql://host:port/database)`,
      );
    }
    if (url.hostname === '') throw new UsageError(`${redactUrl(text)}: the MySQL URL needs a host`);
    if (url.pathname.length <= 1) {
      throw new UsageError(
        `${redactUrl(text)}: name the database, as in mysql://host:3306/database`,
      );
    }
    const table = param(params, 'table');
    params.delete('table');
    return { kind: 'mysql', url: withQuery(base, params), table };
  },
  async open(spec) {
    const { MysqlTokenStore } = await loadAdapter(
      PACKAGE,
      'mysql',
      () => import('@tokenstore/store-mysql'),
    );
    return new MysqlTokenStore({
      url: spec.url,
      ...(spec.table === undefined ? {} : { table: spec.table }),
    });
  },
  namespace: {
    name: 'table',
    fresh: (hex) => `check_${hex}`,
    apply: (spec, table) => ({ ...spec, table }),
  },
});
