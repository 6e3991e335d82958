import { describeRefusedCoreOptions } from '@tokenstore/test-servers/vitest';
import { SecretsManagerTokenStore } from '../src/index.js';

// The SDK client sends nothing until used, so no request went out before the fix either; its
// constructor is what calls the configure() of each of its extensions: counted here.
describeRefusedCoreOptions({
  builds: 'client',
  probe() {
    let created = 0;
    const clientConfig = {
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      extensions: [{ configure: () => void created++ }],
    };
    return {
      make: (options) => new SecretsManagerTokenStore({ clientConfig, ...options }),
      built: () => created,
    };
  },
});
