import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The associated data of one sealed field: the token's id and the field's name, so that a
 * ciphertext moved to another token or another field fails authentication.
 */
function associatedData(id: string, field: string): Buffer {
  return Buffer.from(JSON.stringify(['tokenstore/v1', id, field]), 'utf8');
}

/**
 * Marks a value sealed as JSON text: one holding a lone surrogate, which UTF-8 would turn into
 * U+FFFD. `.` is outside base64url, so no plain sealed value starts with it.
 */
const JSON_SEALED = 'j.';
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Seals one value: base64url of nonce ‖ ciphertext ‖ tag, with a fresh random nonce. A value
 * that is not well-formed UTF-16 is sealed as its JSON text (which escapes lone surrogates) and
 * marked, so that it opens byte for byte like every other.
 */
export function sealField(key: Buffer, id: string, field: string, plaintext: string): string {
  const asJson = LONE_SURROGATE.test(plaintext);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(id, field));
  const text = asJson ? JSON.stringify(plaintext) : plaintext;
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  const sealed = Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
  return asJson ? `${JSON_SEALED}${sealed}` : sealed;
}

/** Opens a sealed value; throws when it was tampered with, moved, or sealed under another key. */
export function openField(key: Buffer, id: string, field: string, sealed: string): string {
  const asJson = sealed.startsWith(JSON_SEALED);
  const bytes = Buffer.from(asJson ? sealed.slice(JSON_SEALED.length) : sealed, 'base64url');
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAAD(associatedData(id, field));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  const body = bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES);
  const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  return asJson ? (JSON.parse(text) as string) : text;
}
