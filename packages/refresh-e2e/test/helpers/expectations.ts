import { expect } from 'vitest';
import type { KilledHolderResult } from '../../src/killed-holder.ts';
import type { RaceResult } from '../../src/refresh-race.ts';
import type { SweptLeaseResult } from '../../src/swept-lease.ts';

/**
 * Exactly one refresh per expiry: every refresh request the server got rotated the token (none
 * presented a used refresh token, none was refused), each came only once the access token had
 * less than the margin left (so no expiry got two), several expiries happened, and every caller
 * was handed only valid tokens and reached the last generation without an error.
 */
export function expectOneRefreshPerExpiry(result: RaceResult, targetGeneration = 4): void {
  expect(result.reuses).toBe(0);
  expect(result.revokedFamilies).toBe(0);
  expect(result.log.map((entry) => entry.outcome)).toEqual(result.log.map(() => 'rotated'));
  expect(result.rotations).toBeGreaterThanOrEqual(targetGeneration - 1);
  for (const entry of result.log) {
    expect(entry.previousRemainingMs).toBeLessThan(result.minValidityMs);
  }
  expect(result.problems).toEqual([]);
  expect(
    result.callers.filter((c) => Object.keys(c.errors).length > 0).map((c) => c.errors),
  ).toEqual([]);
  expect(result.callers.every((c) => c.reachedTarget)).toBe(true);
}

/** The run broke the grant: a used refresh token was presented again and the family revoked. */
export function expectRevocation(result: RaceResult): void {
  expect(result.reuses).toBeGreaterThan(0);
  expect(result.revokedFamilies).toBe(1);
  expect(result.callers.some((c) => !c.reachedTarget)).toBe(true);
}

/**
 * The survivor completed the refresh, and only after the dead holder's lease ran out: one
 * refresh request handled in all (the dead holder's was never handled), no reuse, lease released.
 */
export function expectTakeover(result: KilledHolderResult): void {
  expect(result.leaseAtKill).not.toBeNull();
  expect(result.abandoned).toBe(1);
  expect(result.reuses).toBe(0);
  expect(result.log.map((entry) => entry.outcome)).toEqual(['rotated']);
  expect(result.log[0]!.at).toBeGreaterThanOrEqual(result.leaseAtKill!.expiresAt!);
  expect(result.survivor).toMatchObject({ reachedTarget: true, errors: {} });
  expect(result.problems).toEqual([]);
  expect(result.leaseAfter).toBeNull();
}

/**
 * The dead holder's lease was removed by the sweep alone: not before it expired, and within one
 * sweep interval after (plus `slackMs` for the sweep's own lookups and the 20 ms polling); the
 * live holder's lease is the very same record after further sweeps.
 */
export function expectSwept(result: SweptLeaseResult, slackMs = 1_000): void {
  expect(result.deadLease).not.toBeNull();
  const expiresAt = result.deadLease!.expiresAt!;
  expect(result.deadGoneAt).toBeGreaterThanOrEqual(expiresAt);
  expect(result.deadGoneAt - expiresAt).toBeLessThanOrEqual(result.sweepIntervalMs + slackMs);
  expect(result.liveBefore).not.toBeNull();
  expect(result.liveAfter).toEqual(result.liveBefore);
}
