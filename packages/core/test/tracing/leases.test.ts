import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { REFRESH_LEASE_PREFIX, TokenRefresher } from '../../src/index.js';
import { FakeAuthorizationServer, OAuthError } from '../refresh/fake-authorization-server.js';
import { SharedStores, saveToken } from '../refresh/stores.js';
import { recordTraces } from './recorder.js';

let recorder: ReturnType<typeof recordTraces> | undefined;
afterEach(() => {
  recorder?.stop();
  recorder = undefined;
});

describe('refresh tracing', () => {
  it('publishes the refresh and its lease: acquired, released; taken over when expired', async () => {
    const stores = new SharedStores();
    const store = stores.open();
    const server = new FakeAuthorizationServer();
    const token = await saveToken(store, server.currentRefreshToken, -1);
    // A killed holder's lease: expired, never released.
    await store.saveToken({
      userName: REFRESH_LEASE_PREFIX + token.id,
      accessToken: `dead-holder/${randomUUID()}`,
      expiresAt: Date.now() - 1,
      apiDomain: 'held',
    });
    recorder = recordTraces();
    const refresher = new TokenRefresher(store, (t) => server.refresh(t), { holderId: 'h1' });
    await refresher.getValidToken({ id: token.id });
    expect(recorder.leaseEvents()).toEqual(['takenOver', 'released']);
    expect(recorder.ends('refresh').map((c) => [c.outcome, c.tokenId, c.holderId])).toEqual([
      ['refreshed', token.id, 'h1'],
    ]);
    const secondServer = new FakeAuthorizationServer();
    const other = await saveToken(store, secondServer.currentRefreshToken, -1);
    const plain = new TokenRefresher(store, (t) => secondServer.refresh(t), { holderId: 'h1' });
    await expect(plain.getValidToken({ id: other.id })).resolves.toBeDefined();
    expect(recorder.leaseEvents()).toEqual(['takenOver', 'released', 'acquired', 'released']);
    const leases = (await store.getTokens()).filter((t) =>
      t.userName?.startsWith(REFRESH_LEASE_PREFIX),
    );
    expect(leases).toEqual([]);
  });

  it('publishes a permanent failure, and the failure record that stops the next caller', async () => {
    const stores = new SharedStores();
    const store = stores.open();
    const token = await saveToken(store, `rt-${randomUUID()}`, -1);
    recorder = recordTraces();
    const refresher = new TokenRefresher(
      store,
      async () => {
        throw new OAuthError('invalid_grant');
      },
      { holderId: 'h2' },
    );
    await expect(refresher.getValidToken({ id: token.id })).rejects.toMatchObject({
      permanent: true,
    });
    const second = new TokenRefresher(
      stores.open(),
      async () => ({ accessToken: 'x', expiresAt: Date.now() + 60_000_000 }),
      {
        holderId: 'h3',
      },
    );
    await expect(second.getValidToken({ id: token.id })).rejects.toMatchObject({
      code: 'REFRESH_FAILED',
    });
    expect(recorder.leaseEvents()).toEqual(['acquired', 'markedFailed', 'failed']);
    expect(recorder.ends('refresh').map((c) => [c.outcome, c.permanent, c.reason])).toEqual([
      ['failed', true, 'invalid_grant'],
    ]);
    for (const event of recorder.events) {
      expect(event.printed).not.toContain(token.refreshToken);
      expect(event.printed).not.toContain(token.accessToken);
      expect(event.printed).not.toContain('client-secret-value');
    }
  });
});
