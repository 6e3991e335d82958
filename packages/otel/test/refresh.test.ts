import { randomUUID } from 'node:crypto';
import { REFRESH_LEASE_PREFIX, TokenRefresher } from '@tokenstore/core';
import { MemoryTokenStore } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { useTelemetry } from './helpers/telemetry.js';

describe('refresh telemetry', () => {
  const telemetry = useTelemetry();
  it('a refresh span per refresh, refreshes and lease take-overs counted, no secret anywhere', async () => {
    const store = new MemoryTokenStore();
    const old = { refreshToken: `rt-${randomUUID()}`, accessToken: `at-${randomUUID()}` };
    const fresh = { refreshToken: `rt-${randomUUID()}`, accessToken: `at-${randomUUID()}` };
    const clientSecret = `cs-${randomUUID()}`;
    const token = await store.saveToken({
      userName: 'ada',
      clientId: 'c',
      clientSecret,
      ...old,
      expiresAt: 1,
    });
    // The lease of a holder that was killed mid-refresh: expired, never released.
    await store.saveToken({
      userName: REFRESH_LEASE_PREFIX + token.id,
      accessToken: `dead/${randomUUID()}`,
      expiresAt: Date.now() - 1,
      apiDomain: 'held',
    });
    const refresher = new TokenRefresher(store, async () => ({
      ...fresh,
      expiresAt: Date.now() + 3_600_000,
    }));
    await refresher.getValidToken({ userName: 'ada' });
    const dead = await store.saveToken({ userName: 'bob', refreshToken: `rt-${randomUUID()}` });
    const failing = new TokenRefresher(store, async () => {
      throw Object.assign(new Error(`invalid_grant for ${dead.refreshToken}`), {
        error: 'invalid_grant',
      });
    });
    await expect(failing.getValidToken({ userName: 'bob' })).rejects.toMatchObject({
      permanent: true,
    });

    const refreshSpans = telemetry.spans().filter((s) => s.name === 'tokenstore.refresh');
    expect(refreshSpans.map((s) => s.attributes['tokenstore.outcome'])).toEqual([
      'refreshed',
      'failed',
    ]);
    const points = await telemetry.points();
    const sum = (name: string, match: Record<string, unknown> = {}) =>
      points
        .filter(
          (p) => p.name === name && Object.entries(match).every(([k, v]) => p.attributes[k] === v),
        )
        .reduce((total, p) => total + Number(p.value), 0);
    expect(sum('tokenstore.lease.takeovers')).toBe(1);
    expect(sum('tokenstore.refreshes', { 'tokenstore.outcome': 'refreshed' })).toBe(1);
    expect(sum('tokenstore.refreshes', { 'tokenstore.permanent': true })).toBe(1);
    expect(sum('tokenstore.lease.events', { 'tokenstore.lease.event': 'released' })).toBe(1);
    expect(sum('tokenstore.lease.events', { 'tokenstore.lease.event': 'markedFailed' })).toBe(1);

    const text = await telemetry.everything();
    for (const secret of [clientSecret, ...Object.values(old), ...Object.values(fresh)]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(dead.refreshToken);
  });
});
