import { setTimeout as sleep } from 'node:timers/promises';
import type { Cluster, Redis } from 'ioredis';
import type { RedisClient } from './run-script.js';

/** Longest wait for one node's append-only file rewrite. */
const REWRITE_TIMEOUT_MS = 120_000;

function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

async function rewriting(node: Redis): Promise<boolean> {
  const info = await node.info('persistence');
  return (
    field(info, 'aof_rewrite_in_progress') === '1' || field(info, 'aof_rewrite_scheduled') === '1'
  );
}

/**
 * Rewrites one node's append-only file (BGREWRITEAOF) and waits until it is done: the AOF logs
 * every write, so the values a record had before it was overwritten stay in it until a rewrite
 * replaces the log with the current data. A node without AOF has nothing to rewrite.
 */
async function rewriteAppendOnlyFile(node: Redis): Promise<void> {
  if (field(await node.info('persistence'), 'aof_enabled') !== '1') return;
  const giveUp = Date.now() + REWRITE_TIMEOUT_MS;
  // A rewrite that started before our writes may not hold them: wait for it, then start ours.
  while (await rewriting(node)) {
    if (Date.now() > giveUp) throw new Error('an append-only file rewrite is still running');
    await sleep(50);
  }
  await node.bgrewriteaof();
  do {
    if (Date.now() > giveUp) throw new Error('the append-only file rewrite did not finish');
    await sleep(50);
  } while (await rewriting(node));
  if (field(await node.info('persistence'), 'aof_last_bgrewrite_status') === 'err') {
    throw new Error('the append-only file rewrite failed');
  }
}

/**
 * Compaction for Redis: the AOF of every master is rewritten (replicas rewrite their own AOF
 * from what they receive, which is the current data). RDB snapshots are not touched: the store
 * cannot know which snapshots an operator keeps (see the README).
 */
export async function compactRedis(client: RedisClient): Promise<void> {
  const nodes = client.isCluster ? (client as Cluster).nodes('master') : [client as Redis];
  for (const node of nodes) await rewriteAppendOnlyFile(node);
}
