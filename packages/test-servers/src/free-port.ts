import { createServer } from 'node:net';

/** The only address test servers bind to. */
export const LOOPBACK = '127.0.0.1';

/** Resolves when `port` on 127.0.0.1 can be bound right now, with that port; else with 0. */
function tryListen(port: number): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(0));
    server.listen({ host: LOOPBACK, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago (listen on port 0, read it, close). */
export async function freePort(): Promise<number> {
  const port = await tryListen(0);
  if (port === 0) throw new Error(`could not find a free port on ${LOOPBACK}`);
  return port;
}

/**
 * A free port P such that P + 10000 (a Redis Cluster node's bus port) is free too. Both lie below
 * the kernel's usual ephemeral range (32768+), so no outgoing connection takes them meanwhile.
 */
export async function freeClusterPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * 12_000);
    if ((await tryListen(port)) === port && (await tryListen(port + 10_000)) === port + 10_000) {
      return port;
    }
  }
  throw new Error(`could not find a free port P with P+10000 free on ${LOOPBACK}`);
}

/**
 * A port on 127.0.0.1 where nothing listens, for tests of a refused connection. It lies below
 * the kernel's ephemeral range (32768+) and the cluster ports above (10000+): no server given
 * port 0 and no outgoing connection's own port can take it while the test runs, as they can a
 * {@link freePort} (a run once saw calls to a freePort succeed).
 */
export async function closedPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 1_024 + Math.floor(Math.random() * 8_976);
    if ((await tryListen(port)) === port) return port;
  }
  throw new Error(`could not find a closed port below 10000 on ${LOOPBACK}`);
}
