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

/** Seals one value: base64url of nonce ‖ ciphertext ‖ tag, with a fresh random nonce. */
export function sealField(key: Buffer, id: string, field: string, plaintext: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(id, field));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}

/** Opens a sealed value; throws when it was tampered with, moved, or sealed under another key. */
export function openField(key: Buffer, id: string, field: string, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAAD(associatedData(id, field));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  const body = bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
