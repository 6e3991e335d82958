import { connect, createServer, type Socket } from 'node:net';

/** A loopback TCP proxy to a test server that can stop answering, as a hung server does. */
export interface StallingProxy {
  /** The proxy's port on 127.0.0.1: point the client here instead of at the server. */
  readonly port: number;
  /**
   * From now on, bytes from the client are held back: requests reach the server only after
   * {@link resume}, so every call made meanwhile waits (a server that stopped answering, with
   * its connections still open).
   */
  stall(): void;
  /** Forwards what was held back, and everything after. */
  resume(): void;
  /** Connections the proxy accepted so far (a client that reconnects opens a new one). */
  readonly connections: number;
  close(): Promise<void>;
}

/** Starts a {@link StallingProxy} in front of `127.0.0.1:targetPort`. */
export async function startStallingProxy(targetPort: number): Promise<StallingProxy> {
  let stalled = false;
  let connections = 0;
  const open = new Set<Socket>();
  const held: (() => void)[] = [];
  const server = createServer((client) => {
    connections++;
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(client).add(upstream);
    for (const socket of [client, upstream]) {
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => {
      if (!stalled) upstream.write(chunk);
      else held.push(() => upstream.write(chunk));
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    get connections() {
      return connections;
    },
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
      for (const write of held.splice(0)) write();
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
