import { UsageError } from '../exit-codes.js';
import { loadAdapter } from '../load-adapter.js';
import { redactUrl } from '../redact-url.js';
import { defineStoreKind } from './store-kind.js';
import { param, splitQuery, withQuery } from './url-parts.js';

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
    const { base, params } = splitQuery(text);
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      throw new UsageError(`${redactUrl(text)}: not a valid Redis URL (redis://host:port/db)`);
    }
    if (url.hostname === '') throw new UsageError(`${redactUrl(text)}: the Redis URL needs a host`);
    const prefix = param(params, 'prefix');
    params.delete('prefix');
    return { kind: 'redis', url: withQuery(base, params), prefix };
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
