import { UsageError } from '../exit-codes.js';
import { loadAdapter } from '../load-adapter.js';
import { redactUrl } from '../redact-url.js';
import { defineStoreKind } from './store-kind.js';
import { param, splitQuery, withQuery } from './url-parts.js';

/** `mongodb[+srv]://[user:pass@]host[:port][/database][?collection=name&…]`. */
export interface MongoStoreSpec {
  readonly kind: 'mongodb';
  /** The connection string without `collection`, for the driver. */
  readonly url: string;
  readonly database: string | undefined;
  readonly collection: string | undefined;
}

const PACKAGE = '@tokenstore/store-mongo';

export const mongoKind = defineStoreKind<MongoStoreSpec>({
  kind: 'mongodb',
  schemes: ['mongodb', 'mongodb+srv'],
  packageName: PACKAGE,
  urlForm: 'mongodb://127.0.0.1:27017/tokenstore?collection=tokens',
  parse(text) {
    // Not WHATWG-parsed: a MongoDB connection string may list several hosts (h1:1,h2:2).
    const { base, params } = splitQuery(text);
    const rest = base.replace(/^mongodb(\+srv)?:\/\//i, '');
    const slash = rest.indexOf('/');
    const authority = slash === -1 ? rest : rest.slice(0, slash);
    const hosts = authority.slice(authority.lastIndexOf('@') + 1);
    if (rest === base || hosts === '') {
      throw new UsageError(`${redactUrl(text)}: a MongoDB URL is mongodb://host[:port]/database`);
    }
    const database =
      slash === -1 ? undefined : decodeURIComponent(rest.slice(slash + 1)) || undefined;
    const collection = param(params, 'collection');
    params.delete('collection');
    return { kind: 'mongodb', url: withQuery(base, params), database, collection };
  },
  async open(spec) {
    const { MongoTokenStore } = await loadAdapter(
      PACKAGE,
      'mongodb',
      () => import('@tokenstore/store-mongo'),
    );
    return new MongoTokenStore({
      url: spec.url,
      ...(spec.database === undefined ? {} : { database: spec.database }),
      ...(spec.collection === undefined ? {} : { collection: spec.collection }),
    });
  },
  namespace: {
    name: 'collection',
    fresh: (hex) => `check_${hex}`,
    apply: (spec, collection) => ({ ...spec, collection }),
  },
});
