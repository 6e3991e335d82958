import assert from 'node:assert/strict';

/** What a save resolved with: a stored token, or a worker process's report of one. */
export interface SavedVersion {
  readonly id: string;
  readonly version: number;
}

/** 1, 2, …, n. */
export function oneToN(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** The saves went into one token, each with its own version: 1 to n. */
export function assertOneTokenCounting(saved: readonly SavedVersion[], what: string): void {
  assert.equal(new Set(saved.map((token) => token.id)).size, 1, `${what}: one id`);
  assert.deepEqual(
    saved.map((token) => token.version).sort((x, y) => x - y),
    oneToN(saved.length),
    `${what}: each save got its own version`,
  );
}
