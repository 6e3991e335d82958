import { packageProject } from '../../vitest.project.js';

// `pnpm examples` (see quick/examples.quick.ts): not part of `pnpm test`, which runs the same
// examples from the release.
export default packageProject('readme-examples', {
  root: import.meta.dirname,
  test: { include: ['quick/*.quick.ts'] },
});
