import { packageProject } from '../../vitest.project.js';

// FerretDB on a loaded 2-core machine can make the contention cases (write leases, 16
// concurrent writers) slow.
export default packageProject('store-mongo', { test: { testTimeout: 60_000 } });
