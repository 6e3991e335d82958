import type { HeapResult, SkippedTarget } from './results.js';
import { MapDriver } from './targets/memory.js';
import { benchToken } from './token-fixtures.js';

const BATCH = 10_000;

/** Heap in use after a full collection. */
function settledHeap(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Heap held by `tokens` tokens in a MemoryTokenStore and in the raw Maps, scaled to 100k. The
 * tokens are saved through `saveToken` and each is found once, so whatever the store keeps for
 * them (records, key maps, decoded tokens) is counted. Needs `node --expose-gc`.
 */
export async function measureHeap(tokens: number): Promise<HeapResult | SkippedTarget> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    return { target: 'memory heap', reason: 'run node with --expose-gc (pnpm bench does)' };
  }
  const { MemoryDatabase, MemoryTokenStore } = await import('@tokenstore/store-memory');

  let before = settledHeap(gc);
  const database = new MemoryDatabase();
  const store = new MemoryTokenStore({ database, namespace: 'heap' });
  for (let at = 0; at < tokens; at += BATCH) {
    for (let i = at; i < Math.min(tokens, at + BATCH); i++) {
      const token = benchToken(i);
      await store.saveToken(token);
      if ((await store.findTokenById(token.id)) === null) throw new Error('heap: lost a token');
    }
  }
  const storeBytes = settledHeap(gc) - before;
  if (database.namespace('heap').records.size !== tokens) throw new Error('heap: lost records');
  await store.deleteTokens();
  await store.close();

  before = settledHeap(gc);
  const raw = new MapDriver();
  for (let i = 0; i < tokens; i++) raw.insert(benchToken(i));
  const rawBytes = settledHeap(gc) - before;
  if ((await raw.scanAll()) !== tokens) throw new Error('heap: lost raw tokens');

  const per100k = (bytes: number) => Math.round((bytes * 100_000) / tokens);
  return { tokens, storePer100k: per100k(storeBytes), rawPer100k: per100k(rawBytes) };
}
