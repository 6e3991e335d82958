import { randomUUID } from 'node:crypto';
import { BackedTokenStore } from '../backed-store.js';
import type { RecordBackend } from '../backend.js';
import { isTokenStoreError } from '../errors.js';

type Method = (...args: unknown[]) => unknown;

/**
 * The backend as a second store sees it, with `hook` awaited at the start of its next removal
 * (`delete` or `deleteIfVersion`): that is after a read-then-delete has checked the version,
 * and before an atomic conditional delete has.
 */
function withHookBeforeRemoval(
  backend: RecordBackend,
  hook: { next: (() => Promise<unknown>) | undefined },
): RecordBackend {
  return new Proxy(backend, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as Method;
      if (property !== 'delete' && property !== 'deleteIfVersion') return method.bind(target);
      return async (...args: unknown[]) => {
        const run = hook.next;
        hook.next = undefined;
        await run?.();
        return method.apply(target, args);
      };
    },
  });
}

function fail(detail: string): never {
  throw new Error(`conditional delete is not atomic: ${detail}`);
}

/**
 * Checks that `deleteToken(id, { expectedVersion })` over this backend is atomic: a save of the
 * token that lands between the version check and the removal (made to land there, on the real
 * server) must make the delete reject with `VERSION_CONFLICT`, and the saved token must survive.
 * A backend without `deleteIfVersion` (core reads, then deletes) fails it. Then checks the plain
 * outcomes: the current version is deleted (`true`), an absent id answers `false`.
 *
 * `backend` is a fresh one on an empty namespace; the check leaves the namespace empty and does
 * not close the backend. Throws an `Error` describing what went wrong.
 */
export async function assertConditionalDeleteAtomic(backend: RecordBackend): Promise<void> {
  const hook: { next: (() => Promise<unknown>) | undefined } = { next: undefined };
  const writer = new BackedTokenStore(backend);
  const racing = new BackedTokenStore(withHookBeforeRemoval(backend, hook));
  const saved = await writer.saveToken({
    userName: `race-${randomUUID()}`,
    accessToken: `a-${randomUUID()}`,
  });
  hook.next = () => writer.saveToken({ id: saved.id, expiresAt: 4_102_444_800_000 });

  let outcome: unknown;
  try {
    outcome = await racing.deleteToken(saved.id, { expectedVersion: saved.version });
  } catch (error) {
    outcome = error;
  }
  if (hook.next !== undefined) fail('deleteToken never reached the backend');
  if (!isTokenStoreError(outcome) || outcome.code !== 'VERSION_CONFLICT') {
    const what = isTokenStoreError(outcome)
      ? `rejected with ${outcome.code}`
      : `resolved ${String(outcome)}`;
    fail(`a save between the version check and the removal was lost (deleteToken ${what})`);
  }
  const survivor = await writer.findTokenById(saved.id);
  if (survivor?.version !== saved.version + 1 || survivor.expiresAt !== 4_102_444_800_000) {
    fail('the token saved during the delete did not survive as saved');
  }

  if ((await racing.deleteToken(saved.id, { expectedVersion: survivor.version })) !== true) {
    fail('deleteToken with the stored version did not resolve true');
  }
  if ((await writer.findTokenById(saved.id)) !== null) {
    fail('deleteToken with the stored version left the token');
  }
  if ((await racing.deleteToken(saved.id, { expectedVersion: survivor.version })) !== false) {
    fail('deleteToken of an absent id did not resolve false');
  }
}
