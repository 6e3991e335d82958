import { loadAdapter } from '../load-adapter.js';
import { parseServerUrl, tableNamespace } from './server-url.js';
import { defineStoreKind } from './store-kind.js';

/** `postgres[ql]://[user:pass@]host[:port]/database[?table=name&…]`: a PostgreSQL table. */
export interface PostgresStoreSpec {
  readonly kind: 'postgres';
  /** The URL without `table`, for node-postgres (its own parameters, such as sslmode, stay). */
  readonly url: string;
  readonly table: string | undefined;
}

const PACKAGE = '@tokenstore/store-postgres';

export const postgresKind = defineStoreKind<PostgresStoreSpec>({
  kind: 'postgres',
  schemes: ['postgres', 'postgresql'],
  packageName: PACKAGE,
  urlForm: 'postgres://user:password@127.0.0.1:5432/app?table=tokens',
  parse(text) {
    const { url, namespace } = parseServerUrl(text, {
      server: 'PostgreSQL',
      shape: 'postgres://host:port/database',
      namespace: 'table',
    });
    return { kind: 'postgres', url, table: namespace };
  },
  async open(spec) {
    const { PostgresTokenStore } = await loadAdapter(
      PACKAGE,
      'postgres',
      () => import('@tokenstore/store-postgres'),
    );
    return new PostgresTokenStore({
      url: spec.url,
      ...(spec.table === undefined ? {} : { table: spec.table }),
    });
  },
  namespace: tableNamespace<PostgresStoreSpec>(),
});
