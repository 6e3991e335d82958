import { inflateRawSync } from 'node:zlib';

/**
 * Reads a record secret's binary value as the README documents it, independently of the store's
 * own decoder: a format byte (1), four 6-byte ARN suffix slots (userName, accessToken,
 * refreshToken, grantToken; zeros when absent), then deflate-raw compressed JSON.
 */
export function readRecordSecret(bytes: Uint8Array): {
  format: number;
  suffixes: (string | null)[];
  record: { id: string; version: number; keys: Record<string, string>; data: string };
} {
  const buffer = Buffer.from(bytes);
  const suffixes = [0, 1, 2, 3].map((slot) => {
    const start = 1 + slot * 6;
    return buffer[start] === 0 ? null : buffer.toString('ascii', start, start + 6);
  });
  const record = JSON.parse(inflateRawSync(buffer.subarray(25)).toString('utf8'));
  return { format: buffer[0] ?? -1, suffixes, record };
}
