import { createServer, type Server } from 'node:net';
import { describeRefusedCoreOptions } from '@tokenstore/test-servers/vitest';
import { afterAll, beforeAll, expect } from 'vitest';
import { RedisTokenStore } from '../src/index.js';

// Before the fix the client was built and disconnected at once; ioredis connects on the next
// tick, so no socket was opened either way (a server here counts them). What building a client
// does first is read its options: counted here.
let server: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describeRefusedCoreOptions({
  builds: 'client',
  probe() {
    let reads = 0;
    // Not lazy: a client built by mistake would connect, and the server would count it.
    const redis = {
      get connectTimeout() {
        reads++;
        return 500;
      },
    };
    return {
      make: (options) =>
        new RedisTokenStore({ url: `redis://127.0.0.1:${port}/0`, redis, ...options }),
      built: () => reads,
    };
  },
  async afterRefusal() {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(connections).toBe(0);
  },
});
