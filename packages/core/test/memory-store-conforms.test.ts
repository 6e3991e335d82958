import { BackedTokenStore as FromPackageName } from '@tokenstore/core';
import { MemoryDatabase, MemoryTokenStore } from '@tokenstore/store-memory';
import { describe, expect, it } from 'vitest';
import { byNamespace, runConformance } from '../src/conformance.js';
import { BackedTokenStore } from '../src/index.js';
import { DelegatingStore } from './delegating-store.js';

describe('runConformance', () => {
  it('passes every case on the reference memory store and names each case', async () => {
    const database = new MemoryDatabase();
    const result = await runConformance(
      byNamespace((namespace) => new MemoryTokenStore({ database, namespace })),
    );
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.passed.length).toBeGreaterThan(40);
    expect(new Set(result.passed.map((r) => r.name)).size).toBe(result.passed.length);
    for (const r of result.passed) {
      expect(r.name).toBe(`${r.group} › ${r.case}`);
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('skips only what a store declares it lacks, and fails persistence cases without reopen', async () => {
    const declared = await runConformance({
      create: () => new MemoryTokenStore(),
      capabilities: { persistence: false },
      filter: (c) => c.group === 'persistence',
    });
    expect(declared.skipped.length).toBeGreaterThanOrEqual(2);
    for (const skipped of declared.skipped) {
      expect(skipped.reason).toBe('the store declares it lacks persistence');
      expect(skipped.group).toBe('persistence');
    }
    const undeclared = await runConformance({
      create: () => new MemoryTokenStore(),
      filter: (c) => c.group === 'persistence',
    });
    expect(undeclared.failed).toHaveLength(declared.skipped.length);
    expect(String(undeclared.failed[0]?.error)).toMatch(/needs `reopen`/);
  });

  it('listingDuringWrites: false skips only the listing-under-writes case; the model still runs', async () => {
    const database = new MemoryDatabase();
    const result = await runConformance({
      ...byNamespace((namespace) => new MemoryTokenStore({ database, namespace })),
      capabilities: { listingDuringWrites: false },
      runs: 2,
      filter: (c) => c.group === 'listing' || c.group === 'model',
    });
    expect(result.skipped.map((r) => r.case)).toEqual([
      'while tokens() runs, saves and deletes of other tokens never drop or repeat one',
    ]);
    expect(result.skipped[0]?.reason).toBe('the store declares it lacks listingDuringWrites');
    expect(result.passed.map((r) => r.group)).toContain('model');
    expect(result.failed).toEqual([]);
  });

  it('fails a case that outlives timeoutMs, naming the option', async () => {
    class Hangs extends DelegatingStore {
      override findTokenById(): Promise<never> {
        return new Promise(() => {});
      }
    }
    const result = await runConformance({
      create: () => new Hangs(new MemoryTokenStore()),
      timeoutMs: 200,
      filter: (c) => c.name === 'two reads return two distinct objects',
    });
    expect(result.failed.map((r) => r.case)).toEqual(['two reads return two distinct objects']);
    expect(String(result.failed[0]?.error)).toMatch(/within 200 ms \(option timeoutMs\)/);
  });

  it("runs against core's source: the package name resolves to src, not dist", () => {
    expect(FromPackageName).toBe(BackedTokenStore);
  });
});
