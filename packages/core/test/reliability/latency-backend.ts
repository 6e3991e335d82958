import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordBackend } from '../../src/backend-kit.js';

/** Waits 0 to `maxMs` milliseconds, at random: what a network round trip does to ordering. */
const jitter = (maxMs: number) => sleep(Math.random() * maxMs);

/**
 * A backend that delays every call before and after the wrapped one, so that concurrent calls
 * interleave as they do against a real server. The wrapped backend stays the one atomic step.
 */
export function withLatency(backend: RecordBackend, maxMs = 3): RecordBackend {
  const delayed =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await jitter(maxMs);
      const result = await call(...args);
      await jitter(maxMs);
      return result;
    };
  return {
    get: delayed((id) => backend.get(id)),
    findByKey: delayed((kind, digest) => backend.findByKey(kind, digest)),
    insert: delayed((record) => backend.insert(record)),
    replace: delayed((next, previous) => backend.replace(next, previous)),
    delete: delayed((id) => backend.delete(id)),
    scan: (pageSize) => backend.scan(pageSize),
    clear: delayed(() => backend.clear()),
    close: () => backend.close(),
    describe: () => `latency(${backend.describe()})`,
  };
}
