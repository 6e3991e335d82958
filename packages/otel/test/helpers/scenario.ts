import { randomUUID } from 'node:crypto';
import type { BackedTokenStore } from '@tokenstore/core';
import { expect } from 'vitest';
import type { Telemetry } from './telemetry.js';

function secretValues() {
  return {
    clientSecret: `cs-${randomUUID()}`,
    grantToken: `gt-${randomUUID()}`,
    refreshToken: `rt-${randomUUID()}`,
    accessToken: `at-${randomUUID()}`,
  };
}

/** The spans, in the order they ended, one per call. */
const EXPECTED: [string, string, string | undefined][] = [
  ['tokenstore.findToken', 'miss', 'userName'],
  ['tokenstore.saveToken', 'inserted', 'userName'],
  ['tokenstore.saveToken', 'updated', 'userName'],
  ['tokenstore.findToken', 'hit', 'userName'],
  ['tokenstore.findToken', 'hit', 'accessToken'],
  ['tokenstore.findToken', 'hit', 'refreshToken'],
  ['tokenstore.findTokenById', 'hit', 'id'],
  ['tokenstore.findTokenById', 'miss', 'id'],
  ['tokenstore.saveToken', 'conflict', 'id'],
  ['tokenstore.saveToken', 'duplicate', 'userName'],
  ['tokenstore.tokens', 'ok', undefined],
  ['tokenstore.getTokens', 'ok', undefined],
  ['tokenstore.deleteToken', 'hit', 'id'],
  ['tokenstore.deleteToken', 'miss', 'id'],
  ['tokenstore.ping', 'ok', undefined],
  ['tokenstore.deleteTokens', 'ok', undefined],
  ['tokenstore.close', 'ok', undefined],
];

/**
 * Runs every operation once (and the failures a store reports: a version conflict, a duplicate)
 * on `store`, then checks one span per call with the right outcome, the metrics, and that no
 * secret is in anything the exporters received.
 */
export async function checkStoreTelemetry(
  store: BackedTokenStore,
  telemetry: Telemetry,
  storeDescription: RegExp,
): Promise<void> {
  const secrets = secretValues();
  const userName = `u-${randomUUID()}`;
  expect(await store.findToken({ userName })).toBeNull();
  const saved = await store.saveToken({ userName, clientId: 'client-1', ...secrets });
  await store.saveToken({ userName, expiresAt: Date.now() + 60_000 });
  await store.findToken({ userName });
  await store.findToken({ accessToken: secrets.accessToken });
  await store.findToken({
    clientId: 'client-1',
    clientSecret: secrets.clientSecret,
    refreshToken: secrets.refreshToken,
  });
  await store.findTokenById(saved.id);
  await store.findTokenById(`missing-${randomUUID()}`);
  await expect(store.saveToken({ id: saved.id }, { expectedVersion: 1 })).rejects.toMatchObject({
    code: 'VERSION_CONFLICT',
  });
  await expect(
    store.saveToken({ userName: `other-${randomUUID()}`, accessToken: secrets.accessToken }),
  ).rejects.toMatchObject({ code: 'DUPLICATE_KEY' });
  expect(await store.getTokens()).toHaveLength(1);
  expect(await store.deleteToken(saved.id)).toBe(true);
  expect(await store.deleteToken(saved.id)).toBe(false);
  await store.ping();
  await store.deleteTokens();
  await store.close();

  const spans = telemetry.spans();
  expect(
    spans.map((span) => [
      span.name,
      span.attributes['tokenstore.outcome'],
      span.attributes['tokenstore.key_kind'],
    ]),
  ).toEqual(EXPECTED);
  for (const span of spans) {
    expect(span.attributes['tokenstore.store']).toMatch(storeDescription);
  }
  const failed = spans.filter((span) => span.status.code === 2);
  expect(failed.map((span) => span.attributes['error.type'])).toEqual([
    'VERSION_CONFLICT',
    'DUPLICATE_KEY',
  ]);
  expect(spans.find((s) => s.name === 'tokenstore.getTokens')?.attributes['tokenstore.count']).toBe(
    1,
  );

  const points = await telemetry.points();
  const durations = points.filter((p) => p.name === 'tokenstore.operation.duration');
  const histogramCount = durations.reduce(
    (sum, p) => sum + ((p.value as { count: number }).count ?? 0),
    0,
  );
  expect(histogramCount).toBe(EXPECTED.length);
  const errors = points.filter((p) => p.name === 'tokenstore.operation.errors');
  expect(
    errors
      .map((p) => [p.attributes['error.type'], p.value])
      .sort((a, b) => `${a}`.localeCompare(`${b}`)),
  ).toEqual([
    ['DUPLICATE_KEY', 1],
    ['VERSION_CONFLICT', 1],
  ]);
  const conflicts = points.filter((p) => p.name === 'tokenstore.save.conflicts');
  expect(conflicts.reduce((sum, p) => sum + Number(p.value), 0)).toBe(2);

  const text = await telemetry.everything();
  for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
}
