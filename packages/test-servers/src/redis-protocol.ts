import { socketRequest } from './socket-request.js';

/** A decoded RESP reply: simple strings and bulk strings as strings, errors as Error. */
export type RespValue = string | number | null | Error | RespValue[];

/** Encodes a command as a RESP array of bulk strings. */
function encode(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(''));
}

/** Parses one RESP value from `buf` at `at`; undefined when more bytes are needed. */
function parse(buf: Buffer, at: number): { value: RespValue; next: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[at] ?? 0);
  const line = buf.toString('utf8', at + 1, eol);
  switch (type) {
    case '+':
      return { value: line, next: eol + 2 };
    case '-':
      return { value: new Error(line), next: eol + 2 };
    case ':':
      return { value: Number(line), next: eol + 2 };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: eol + 2 };
      const end = eol + 2 + length;
      if (buf.length < end + 2) return undefined;
      return { value: buf.toString('utf8', eol + 2, end), next: end + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: eol + 2 };
      const items: RespValue[] = [];
      let next = eol + 2;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, next);
        if (!item) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected RESP reply type '${type}'`);
  }
}

/**
 * Sends one command to a Redis server over a fresh raw TCP connection and resolves with its
 * reply (a Redis error reply resolves as an Error value; a connection failure rejects).
 */
export function redisCommand(
  host: string,
  port: number,
  args: readonly string[],
  timeoutMs = 2_000,
): Promise<RespValue> {
  return socketRequest(
    host,
    port,
    encode(args),
    (received) => parse(received, 0)?.value,
    timeoutMs,
  );
}

/** True when the server answers PING with +PONG. */
export async function redisPing(host: string, port: number): Promise<boolean> {
  return (await redisCommand(host, port, ['PING'])) === 'PONG';
}
