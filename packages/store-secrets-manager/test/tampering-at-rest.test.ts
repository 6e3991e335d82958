import { assertTamperingRefused } from '@tokenstore/core/conformance';
import { it } from 'vitest';
import { SecretsManagerTokenStore } from '../src/index.js';
import { useMoto } from './helpers/moto.js';

const { client } = await useMoto();

it('refuses forged and planted plaintext secrets and a wrong indexKey', async () => {
  await assertTamperingRefused({
    open: (prefix, encryption) =>
      new SecretsManagerTokenStore({
        client,
        prefix: `t/${prefix}/`,
        ...(encryption ? { encryption } : {}),
      }),
  });
});
