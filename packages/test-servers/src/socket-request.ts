import { Socket } from 'node:net';

/**
 * Reads a reply from the bytes received so far: the reply, or `undefined` while more bytes are
 * needed. It may throw when the bytes are no reply of the protocol.
 */
export type ReplyReader<T> = (received: Buffer) => T | undefined;

/**
 * Sends one request over a fresh TCP connection and resolves with the first complete reply
 * (`read` says when one has arrived); rejects on a connection error, a malformed reply, a close
 * before a reply, or no reply within `timeoutMs`. The connection is closed either way: enough for
 * readiness probes and for tests that check what a server answers, without a driver.
 */
export function socketRequest<T>(
  host: string,
  port: number,
  request: Buffer,
  read: ReplyReader<T>,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(new Error(`no reply from ${host}:${port} within ${timeoutMs} ms`)),
    );
    socket.once('error', fail);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      let reply: T | undefined;
      try {
        reply = read(received);
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (reply === undefined) return;
      socket.destroy();
      resolve(reply);
    });
    socket.once('close', () =>
      reject(new Error(`connection to ${host}:${port} closed before a reply`)),
    );
    socket.connect(port, host, () => socket.write(request));
  });
}
