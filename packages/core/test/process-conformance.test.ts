import { describe, expect, it } from 'vitest';
// The built suite: its worker processes run the compiled worker script next to it.
import { runProcessConformance } from '../dist/conformance.js';

describe('runProcessConformance', () => {
  it('catches a store whose data does not cross processes', async () => {
    const result = await runProcessConformance({
      factory: new URL('./fixtures/memory-factory.ts', import.meta.url),
      processes: 2,
      savesPerProcess: 3,
    });
    const failed = result.failed.map((r) => r.name);
    expect(failed).toContain(
      'processes › saves of distinct keys from several processes give one token each',
    );
    expect(failed).toContain(
      'processes › of saves with the same expectedVersion from several processes exactly one succeeds',
    );
    expect(result.passed.length + result.failed.length).toBe(6);
    // The workers did save (every save resolved, with distinct ids): what failed is visibility.
    const distinct = result.failed.find((r) => r.name.includes('distinct keys'));
    expect(String(distinct?.error)).toMatch(/all visible to another process/);
  });

  it("carries the worker's own error, cause chain included and secrets redacted", async () => {
    const result = await runProcessConformance({
      factory: new URL('./fixtures/failing-factory.ts', import.meta.url),
      savesPerProcess: 1,
      filter: (name) => name.includes('distinct keys'),
    });
    const [failure] = result.failed;
    if (failure === undefined) throw new Error('the failing store passed');
    expect(failure.group).toBe('processes');
    expect(failure.case).toBe('saves of distinct keys from several processes give one token each');
    const message = String((failure.error as Error).message);
    expect(message).toMatch(/TokenStoreError \[STORE_UNAVAILABLE\]: saveToken: the backend failed/);
    expect(message).toMatch(
      /caused by DriverError \[ECONNRESET\]: connection reset by peer while writing \[redacted\]/,
    );
    expect(message).not.toMatch(/while writing a-/); // the access token the worker was sent
    const cause = (failure.error as Error).cause as { code: string; cause: { code: string } };
    expect(cause.code).toBe('STORE_UNAVAILABLE');
    expect(cause.cause.code).toBe('ECONNRESET');
  });

  it('skips what a store declares it lacks', async () => {
    const result = await runProcessConformance({
      factory: new URL('./fixtures/memory-factory.ts', import.meta.url),
      capabilities: { atomicConditionalWrites: false },
      savesPerProcess: 1,
    });
    expect(result.skipped.map((r) => r.name)).toEqual([
      'processes › saves of one key from several processes leave one token whose version counts them all',
      'processes › saves of one key from several processes leave one token whose version counts them all, whichever lookup rule finds it',
      'processes › of saves with the same expectedVersion from several processes exactly one succeeds',
    ]);
  });

  it('reports a factory module without a default export', async () => {
    await expect(
      runProcessConformance({ factory: new URL('./process-conformance.test.ts', import.meta.url) }),
    ).rejects.toThrow(/must export a default function/);
  });
});
