import { fileURLToPath } from 'node:url';
import { startPostgres } from '@tokenstore/test-servers';
import { describeReadmeExamples, serverForFile } from '@tokenstore/test-servers/vitest';

const server = serverForFile(() => startPostgres());

describeReadmeExamples({
  packageDir: fileURLToPath(new URL('..', import.meta.url)),
  readmeUrl: 'postgres://app:secret@127.0.0.1:5432/app',
  url: () => server().url,
});
