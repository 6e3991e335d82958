import { packageProject } from '../../vitest.project';

export default packageProject('release-e2e');
