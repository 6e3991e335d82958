import { describe, expect, it } from 'vitest';
import { whileBusy, whileBusyNow } from '../src/busy-retry.js';

/** What better-sqlite3 throws while another connection holds the lock (its code is what counts). */
function busyError(): Error {
  return Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
}

/** Work that fails as busy `times` times, then answers how many calls it took. */
function busyFor(times: number): { work: () => number; calls: () => number } {
  let calls = 0;
  return {
    work: () => {
      calls++;
      if (calls <= times) throw busyError();
      return calls;
    },
    calls: () => calls,
  };
}

describe('waiting for another connection’s lock', () => {
  it('looks again within the same call, after sub-millisecond pauses', () => {
    // SQLite's own busy handler looks first after 1 ms, then 3, 8, 18: the store looks sooner.
    const { work } = busyFor(3);
    const started = performance.now();
    expect(whileBusyNow(work, 5000)).toBe(4);
    expect(performance.now() - started).toBeGreaterThanOrEqual(0.3);
  });

  it('blocks the thread for under a millisecond, then leaves the waiting to the caller', () => {
    const { work, calls } = busyFor(Number.POSITIVE_INFINITY);
    const started = performance.now();
    expect(() => whileBusyNow(work, 5000)).toThrow(
      expect.objectContaining({ code: 'SQLITE_BUSY' }),
    );
    expect(calls()).toBe(5);
    // 0.75 ms of pauses; the bound leaves room for a loaded machine's late wake-ups.
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('does not wait at all with a busy budget of 0', async () => {
    const sync = busyFor(Number.POSITIVE_INFINITY);
    expect(() => whileBusyNow(sync.work, 0)).toThrow('locked');
    expect(sync.calls()).toBe(1);
    const async = busyFor(Number.POSITIVE_INFINITY);
    await expect(whileBusy(async.work, 0)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(async.calls()).toBe(1);
  });

  it('waits asynchronously after the synchronous looks: other work runs in between', async () => {
    const { work } = busyFor(8);
    let ranBetween = false;
    setImmediate(() => {
      ranBetween = true;
    });
    const result = whileBusy(() => {
      const calls = work();
      expect(ranBetween).toBe(true);
      return calls;
    }, 5000);
    await expect(result).resolves.toBe(9);
  });

  it('passes on any other error at once', async () => {
    let calls = 0;
    const failing = () => {
      calls++;
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    };
    await expect(whileBusy(failing, 5000)).rejects.toMatchObject({ code: 'SQLITE_IOERR' });
    expect(calls).toBe(1);
  });

  it('gives up with the busy error once the budget is spent', async () => {
    const { work } = busyFor(Number.POSITIVE_INFINITY);
    const started = performance.now();
    await expect(whileBusy(work, 120)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    const ms = performance.now() - started;
    expect(ms).toBeGreaterThanOrEqual(119);
    expect(ms).toBeLessThan(1000);
  });

  it('ends a pause as soon as the signal aborts (the operation timeout)', async () => {
    // 5 synchronous looks, 12 after pauses, then a pause of 3.75–6.25 ms; the abort comes
    // right after the 17th look fails, during that pause. Waiting the pause out would make an
    // 18th look before noticing the abort.
    const controller = new AbortController();
    let calls = 0;
    let abortedAt = 0;
    const work = () => {
      calls++;
      if (calls === 17) {
        setImmediate(() => {
          abortedAt = performance.now();
          controller.abort(new Error('timed out'));
        });
      }
      throw busyError();
    };
    await expect(whileBusy(work, 60_000, { signal: controller.signal })).rejects.toMatchObject({
      code: 'SQLITE_BUSY',
    });
    expect(abortedAt).toBeGreaterThan(0);
    expect(calls).toBe(17);
    expect(performance.now() - abortedAt).toBeLessThan(50);
  });

  it('looks at least every 6.25 ms however long it has waited', async () => {
    // SQLite's own pauses grow to 100 ms; a process pausing that long loses the lock to
    // processes writing back to back for seconds.
    const { work, calls } = busyFor(Number.POSITIVE_INFINITY);
    await expect(whileBusy(work, 400)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    // 400 ms at no more than 6.25 ms a pause (plus timer lateness) is well over 30 looks;
    // pauses growing to 100 ms give 16.
    expect(calls()).toBeGreaterThan(30);
  });
});
