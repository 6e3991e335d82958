import { socketRequest } from './socket-request.js';

/** The BSON values this minimal codec reads and writes. */
export type BsonValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | Date
  | Buffer
  | BsonValue[]
  | BsonDocument;

/** A BSON document; key order is kept (the command name must come first). */
export interface BsonDocument {
  [key: string]: BsonValue;
}

const OP_MSG = 2013;
let requestId = 1;

function cstring(value: string): Buffer {
  return Buffer.concat([Buffer.from(value, 'utf8'), Buffer.from([0])]);
}

function int32(value: number): Buffer {
  const buf = Buffer.alloc(4);
  buf.writeInt32LE(value);
  return buf;
}

function element(name: string, value: BsonValue): Buffer {
  const key = cstring(name);
  const typed = (type: number, body: Buffer): Buffer =>
    Buffer.concat([Buffer.from([type]), key, body]);
  if (value === null) return typed(0x0a, Buffer.alloc(0));
  if (typeof value === 'boolean') return typed(0x08, Buffer.from([value ? 1 : 0]));
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return typed(0x02, Buffer.concat([int32(bytes.length + 1), bytes, Buffer.from([0])]));
  }
  if (typeof value === 'bigint') {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(value);
    return typed(0x12, buf);
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff)
      return typed(0x10, int32(value));
    const buf = Buffer.alloc(8);
    buf.writeDoubleLE(value);
    return typed(0x01, buf);
  }
  if (value instanceof Date) {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(value.getTime()));
    return typed(0x09, buf);
  }
  if (Buffer.isBuffer(value))
    return typed(0x05, Buffer.concat([int32(value.length), Buffer.from([0]), value]));
  if (Array.isArray(value)) {
    const asDoc: BsonDocument = {};
    value.forEach((item, i) => {
      asDoc[String(i)] = item;
    });
    return typed(0x04, encodeBson(asDoc));
  }
  return typed(0x03, encodeBson(value));
}

/** Encodes a document as BSON. */
export function encodeBson(doc: BsonDocument): Buffer {
  const body = Buffer.concat(Object.entries(doc).map(([name, value]) => element(name, value)));
  return Buffer.concat([int32(body.length + 5), body, Buffer.from([0])]);
}

/** Decodes the BSON document that starts at `offset` of `buf`. */
export function decodeBson(buf: Buffer, offset = 0): BsonDocument {
  const end = offset + buf.readInt32LE(offset) - 1;
  const doc: BsonDocument = {};
  let at = offset + 4;
  while (at < end) {
    const type = buf[at] ?? 0;
    const nameEnd = buf.indexOf(0, at + 1);
    const name = buf.toString('utf8', at + 1, nameEnd);
    at = nameEnd + 1;
    switch (type) {
      case 0x01:
        doc[name] = buf.readDoubleLE(at);
        at += 8;
        break;
      case 0x02: {
        const length = buf.readInt32LE(at);
        doc[name] = buf.toString('utf8', at + 4, at + 4 + length - 1);
        at += 4 + length;
        break;
      }
      case 0x03:
      case 0x04: {
        const sub = decodeBson(buf, at);
        doc[name] = type === 0x04 ? Object.values(sub) : sub;
        at += buf.readInt32LE(at);
        break;
      }
      case 0x05: {
        const length = buf.readInt32LE(at);
        doc[name] = Buffer.from(buf.subarray(at + 5, at + 5 + length));
        at += 5 + length;
        break;
      }
      case 0x07:
        doc[name] = buf.toString('hex', at, at + 12);
        at += 12;
        break;
      case 0x08:
        doc[name] = buf[at] === 1;
        at += 1;
        break;
      case 0x09:
        doc[name] = new Date(Number(buf.readBigInt64LE(at)));
        at += 8;
        break;
      case 0x0a:
        doc[name] = null;
        break;
      case 0x10:
        doc[name] = buf.readInt32LE(at);
        at += 4;
        break;
      case 0x11:
      case 0x12:
        doc[name] = buf.readBigInt64LE(at);
        at += 8;
        break;
      case 0x13:
        doc[name] = Buffer.from(buf.subarray(at, at + 16));
        at += 16;
        break;
      default:
        throw new Error(
          `BSON type 0x${type.toString(16)} of field '${name}' is not supported here`,
        );
    }
  }
  return doc;
}

/**
 * Runs one command (an OP_MSG whose body is `command` plus `$db`) against a MongoDB wire
 * protocol server over a fresh TCP connection, and resolves with the reply document. Enough for
 * readiness pings and for tests that check what a server answers, without a driver.
 */
export function mongoCommand(
  host: string,
  port: number,
  db: string,
  command: BsonDocument,
  timeoutMs = 5_000,
): Promise<BsonDocument> {
  const id = requestId++;
  const body = Buffer.concat([int32(0), Buffer.from([0]), encodeBson({ ...command, $db: db })]);
  const header = Buffer.concat([int32(16 + body.length), int32(id), int32(0), int32(OP_MSG)]);
  return socketRequest(host, port, Buffer.concat([header, body]), readReply, timeoutMs);
}

/** The reply document once a whole OP_MSG has arrived. */
function readReply(received: Buffer): BsonDocument | undefined {
  if (received.length < 4 || received.length < received.readInt32LE(0)) return undefined;
  const opCode = received.readInt32LE(12);
  if (opCode !== OP_MSG) throw new Error(`reply opCode ${opCode}, want OP_MSG (${OP_MSG})`);
  if (received[20] !== 0) throw new Error(`reply section kind ${received[20]}, want 0`);
  return decodeBson(received, 21);
}

/** True when the server answers `{ ping: 1 }` on admin with `ok: 1`. */
export async function mongoPing(host: string, port: number): Promise<boolean> {
  const reply = await mongoCommand(host, port, 'admin', { ping: 1 });
  return reply.ok === 1;
}
