import { loadAdapter } from '../load-adapter.js';
import { parseServerUrl } from './server-url.js';
import { defineStoreKind } from './store-kind.js';

/** `redis[s]://[user:pass@]host:port[/db][?prefix=app:]`: a single Redis node. */
export interface RedisStoreSpec {
  readonly kind: 'redis';
  /** The URL without `prefix`, for ioredis. */
  readonly url: string;
  readonly prefix: string | undefined;
}

const PACKAGE = '@tokenstore/store-redis';

export const redisKind = defineStoreKind<RedisStoreSpec>({
  kind: 'redis',
  schemes: ['redis', 'rediss'],
  packageName: PACKAGE,
  urlForm: 'redis://127.0.0.1:6379/0?prefix=tokenstore:',
  parse(text) {
    const { url, namespace } = parseServerUrl(text, {
      server: 'Redis',
      shape: 'redis://host:port/db',
      namespace: 'prefix',
    });
    return { kind: 'redis', url, prefix: namespace };
  },
  async open(spec) {
    const { RedisTokenStore } = await loadAdapter(
      PACKAGE,
      'redis',
      () => import('@tokenstore/store-redis'),
    );
    return new RedisTokenStore({
      url: spec.url,
      ...(spec.prefix === undefined ? {} : { prefix: spec.prefix }),
    });
  },
  namespace: {
    name: 'prefix',
    fresh: (hex) => `tokenstore-check:${hex}:`,
    apply: (spec, prefix) => ({ ...spec, prefix }),
  },
});
