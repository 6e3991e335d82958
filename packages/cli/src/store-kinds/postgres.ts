import { UsageError } from '../exit-codes.js';
import { loadAdapter } from '../load-adapter.js';
import { redactUrl } from '../redact-url.js';
import { defineStoreKind } from './store-kind.js';
import { param, splitQuery, withQuery } from './url-parts.js';

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
    const { base, params } = splitQuery(text);
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      throw new UsageError(
        `${redactUrl(text)}: not a valid PostgreSQL URL (postgres://host:port/database)`,
      );
    }
    if (url.hostname === '') {
      throw new UsageError(`${redactUrl(text)}: the PostgreSQL URL needs a host`);
    }
    const table = param(params, 'table');
    params.delete('table');
    return { kind: 'postgres', url: withQuery(base, params), table };
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
  namespace: {
    name: 'table',
    fresh: (hex) => `check_${hex}`,
    apply: (spec, table) => ({ ...spec, table }),
  },
});
