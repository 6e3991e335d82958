import { UsageError } from '../exit-codes.js';
import { loadAdapter } from '../load-adapter.js';
import { defineStoreKind } from './store-kind.js';
import { allowOnly, param, splitQuery } from './url-parts.js';

/** `secretsmanager://region[?prefix=app/&endpoint=http://127.0.0.1:4566&forceDelete=true]`. */
export interface SecretsManagerStoreSpec {
  readonly kind: 'secretsmanager';
  readonly region: string;
  readonly prefix: string | undefined;
  readonly endpoint: string | undefined;
  readonly forceDelete: boolean;
}

const PACKAGE = '@tokenstore/store-secrets-manager';

export const secretsManagerKind = defineStoreKind<SecretsManagerStoreSpec>({
  kind: 'secretsmanager',
  schemes: ['secretsmanager'],
  packageName: PACKAGE,
  urlForm: 'secretsmanager://us-east-1?prefix=tokenstore/&endpoint=http://127.0.0.1:4566',
  parse(text) {
    const { base, params } = splitQuery(text);
    allowOnly(text, params, ['prefix', 'endpoint', 'forceDelete']);
    const region = base.replace(/^secretsmanager:\/\//i, '').replace(/\/$/, '');
    if (region === base || !/^[a-z0-9-]+$/i.test(region)) {
      throw new UsageError(
        `${text}: a Secrets Manager URL is secretsmanager://<region>, as in secretsmanager://us-east-1`,
      );
    }
    const forceDelete = param(params, 'forceDelete');
    if (forceDelete !== undefined && forceDelete !== 'true' && forceDelete !== 'false') {
      throw new UsageError(`${text}: forceDelete must be true or false`);
    }
    return {
      kind: 'secretsmanager',
      region,
      prefix: param(params, 'prefix'),
      endpoint: param(params, 'endpoint'),
      forceDelete: forceDelete === 'true',
    };
  },
  async open(spec) {
    const { SecretsManagerTokenStore } = await loadAdapter(
      PACKAGE,
      'secretsmanager',
      () => import('@tokenstore/store-secrets-manager'),
    );
    // Credentials come from the AWS SDK's usual chain (environment, profile, instance role).
    return new SecretsManagerTokenStore({
      region: spec.region,
      clientConfig: {
        region: spec.region,
        ...(spec.endpoint === undefined ? {} : { endpoint: spec.endpoint }),
      },
      ...(spec.prefix === undefined ? {} : { prefix: spec.prefix }),
      ...(spec.forceDelete ? { forceDelete: true } : {}),
    });
  },
  namespace: {
    name: 'prefix',
    fresh: (hex) => `tokenstore-check/${hex}/`,
    apply: (spec, prefix) => ({ ...spec, prefix }),
  },
});
