import { packageProject } from '../../vitest.project.js';

// Every case talks to moto over HTTP; the contention cases make hundreds of calls.
export default packageProject('store-secrets-manager', { test: { testTimeout: 60_000 } });
