import { packageProject } from '../../vitest.project.js';

// Each case forks worker processes and waits out several token expiries (or a lease).
export default packageProject('refresh-e2e', { test: { testTimeout: 60_000 } });
