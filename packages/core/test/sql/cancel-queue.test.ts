import { describe, expect, it } from 'vitest';
import { CancelQueue, type CancelSession } from '../../src/sql/index.js';

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * Sessions that record what they were asked, whose first cancel waits for `gate` (a server
 * slow to answer), and that count how many are open at once.
 */
function recordingSessions(gate?: Promise<void>) {
  const batches: number[][] = [];
  let open = 0;
  let mostOpen = 0;
  let opened = 0;
  const connect = async (): Promise<CancelSession> => {
    opened++;
    open++;
    mostOpen = Math.max(mostOpen, open);
    return {
      cancel: async (ids) => {
        batches.push([...ids]);
        if (batches.length === 1) await gate;
      },
      close: () => {
        open--;
      },
    };
  };
  return {
    connect,
    batches,
    counts: () => ({ open, mostOpen, opened }),
  };
}

describe('CancelQueue', () => {
  it('sends the cancels asked for while one is under way in one next batch, on one connection', async () => {
    const gate = deferred();
    const sessions = recordingSessions(gate.promise);
    const queue = new CancelQueue(sessions.connect);
    const first = queue.cancel(1);
    await new Promise((resolve) => setImmediate(resolve));
    const burst = [queue.cancel(2), queue.cancel(3), queue.cancel(2)];
    gate.resolve();
    await Promise.all([first, ...burst]);
    await queue.idle();
    expect(sessions.batches).toEqual([[1], [2, 3]]);
    expect(sessions.counts()).toEqual({ open: 0, mostOpen: 1, opened: 1 });
  });

  it('settles every waiter, without trying again, when it cannot connect', async () => {
    let attempts = 0;
    const queue = new CancelQueue(async () => {
      attempts++;
      throw new Error('connection refused');
    });
    await Promise.all([queue.cancel(1), queue.cancel(2), queue.cancel(1)]);
    await queue.idle();
    expect(attempts).toBe(1);
  });

  it('counts a cancel statement that fails as tried, and goes on with the next batch', async () => {
    const tried: number[][] = [];
    const gate = deferred();
    const queue = new CancelQueue(async () => ({
      cancel: async (ids) => {
        tried.push([...ids]);
        if (tried.length === 1) {
          await gate.promise;
          throw new Error('no such thread');
        }
      },
      close: () => Promise.reject(new Error('already closed')),
    }));
    const first = queue.cancel(7);
    await new Promise((resolve) => setImmediate(resolve));
    const second = queue.cancel(8);
    gate.resolve();
    await Promise.all([first, second]);
    await queue.idle();
    expect(tried).toEqual([[7], [8]]);
  });

  it('opens a new connection for a cancel asked for while the last one closes', async () => {
    const closing = deferred();
    let opened = 0;
    let queue: CancelQueue | undefined;
    let late: Promise<void> | undefined;
    queue = new CancelQueue(async () => {
      opened++;
      const round = opened;
      return {
        cancel: async () => {},
        close: async () => {
          if (round === 1) {
            late = queue?.cancel(9); // asked for after the last batch was taken
            await closing.promise;
          }
        },
      };
    });
    const first = queue.cancel(1);
    await new Promise((resolve) => setImmediate(resolve));
    closing.resolve();
    await first;
    await queue.idle();
    expect(late).toBeDefined();
    await late;
    expect(opened).toBe(2);
  });

  it('idle() waits for the connection to close', async () => {
    const closing = deferred();
    let closed = false;
    const queue = new CancelQueue(async () => ({
      cancel: async () => {},
      close: async () => {
        await closing.promise;
        closed = true;
      },
    }));
    void queue.cancel(1);
    const idle = queue.idle().then(() => closed);
    setTimeout(closing.resolve, 20);
    expect(await idle).toBe(true);
  });
});
