import { UsageError } from '../exit-codes.js';
import { loadAdapter } from '../load-adapter.js';
import { redactUrl } from '../redact-url.js';
import { parseServerUrl, tableNamespace } from './server-url.js';
import { defineStoreKind } from './store-kind.js';

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
    const { url, namespace, parsed } = parseServerUrl(text, {
      server: 'MySQL',
      shape: 'mysql://host:port/database',
      namespace: 'table',
    });
    if (parsed.pathname.length <= 1) {
      throw new UsageError(
        `${redactUrl(text)}: name the database, as in mysql://host:3306/database`,
      );
    }
    return { kind: 'mysql', url, table: namespace };
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
  namespace: tableNamespace<MysqlStoreSpec>(),
});
