import { BackedTokenStore } from '@tokenstore/core';
import type { RecordBackend } from '@tokenstore/core/backend';
import { expect, onTestFinished } from 'vitest';

/** `inner` with each read and write it receives named in `calls`. */
function counting(inner: RecordBackend, calls: string[]): RecordBackend {
  return {
    ...(inner.remote === undefined ? {} : { remote: inner.remote }),
    get: (id, options) => {
      calls.push('get');
      return inner.get(id, options);
    },
    findByKey: (kind, digest, options) => {
      calls.push('findByKey');
      return inner.findByKey(kind, digest, options);
    },
    insert: (record, options) => {
      calls.push('insert');
      return inner.insert(record, options);
    },
    replace: (next, previous, options) => {
      calls.push('replace');
      return inner.replace(next, previous, options);
    },
    delete: (id, options) => inner.delete(id, options),
    scan: (pageSize) => inner.scan(pageSize),
    clear: (options) => inner.clear(options),
    close: () => inner.close(),
    describe: () => inner.describe(),
  };
}

/**
 * Asserts that a refresh (the `findToken` then `saveToken` of `getValidToken`) on a store over
 * `backend` is two backend calls: the find, then a compare-and-set that starts from the record
 * found, as a backend declaring `remote` promises.
 */
export async function expectRefreshFromFoundRecord(backend: RecordBackend): Promise<void> {
  const calls: string[] = [];
  const store = new BackedTokenStore(counting(backend, calls));
  onTestFinished(() => store.close());
  const token = { userName: 'r', accessToken: 'a1', clientId: 'c', clientSecret: 's' };
  await store.saveToken({ ...token, refreshToken: 'r1' });
  calls.length = 0;
  expect(await store.findToken({ userName: 'r' })).toMatchObject({ accessToken: 'a1' });
  const saved = await store.saveToken({ userName: 'r', accessToken: 'a2', expiresAt: 1 });
  expect(calls).toEqual(['findByKey', 'replace']);
  expect(saved).toMatchObject({ version: 2, accessToken: 'a2', refreshToken: 'r1' });
}
