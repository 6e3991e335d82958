import { describe, expect, it } from 'vitest';
import { redisCommand, startRedisCluster } from '../src/index.js';
import { canBind } from './helpers.js';

describe('startRedisCluster', () => {
  it('starts 3 masters that report cluster_state:ok and split the slots', async () => {
    const cluster = await startRedisCluster();
    try {
      expect(cluster.nodes).toHaveLength(3);
      for (const node of cluster.nodes) {
        expect(node.host).toBe('127.0.0.1');
        const info = String(await redisCommand(node.host, node.port, ['CLUSTER', 'INFO']));
        expect(info).toMatch(/cluster_state:ok/);
        expect(info).toMatch(/cluster_slots_assigned:16384/);
        expect(info).toMatch(/cluster_known_nodes:3/);
      }
      // A key lives on exactly one master: the other two redirect with MOVED.
      const replies = await Promise.all(
        cluster.nodes.map((node) => redisCommand(node.host, node.port, ['SET', 'some-key', 'v'])),
      );
      expect(replies.filter((reply) => reply === 'OK')).toHaveLength(1);
      const moved = replies.filter(
        (reply) => reply instanceof Error && /^MOVED /.test(reply.message),
      );
      expect(moved).toHaveLength(2);
    } finally {
      await cluster.stop();
    }
    for (const node of cluster.nodes) {
      expect(await canBind(node.port)).toBe(true);
      expect(await canBind(node.port + 10_000)).toBe(true);
    }
  });
});
