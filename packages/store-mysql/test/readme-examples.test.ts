import { fileURLToPath } from 'node:url';
import { startMariaDb } from '@tokenstore/test-servers';
import { describeReadmeExamples, serverForFile } from '@tokenstore/test-servers/vitest';

const server = serverForFile(() => startMariaDb());

describeReadmeExamples({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  readmeUrl: 'mysql://app:secret@127.0.0.1:3306/app',
  url: () => server().url,
});
