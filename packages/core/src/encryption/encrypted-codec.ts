import { digestKey } from '../key-digest.js';
import {
  corruptRecord,
  parseRecord,
  type RecordCodec,
  recordKeys,
  toStoredToken,
} from '../record-codec.js';
import { SECRET_FIELDS } from '../token.js';
import { blindDigest, deriveIndexKey } from './blind-index.js';
import type { EncryptionOptions } from './encryption-options.js';
import { openField, sealField } from './field-cipher.js';
import { toKey, undecryptable } from './key-material.js';
import { Keyring } from './keyring.js';

/** Where a record keeps its sealed secrets: `{ k: key id, f: { field: sealed } }`. */
const SEALED = '#sealed';

interface Sealed {
  k: string;
  f: Record<string, string>;
}

function isSealed(value: unknown): value is Sealed {
  if (typeof value !== 'object' || value === null) return false;
  const { k, f } = value as Partial<Sealed>;
  return (
    typeof k === 'string' &&
    typeof f === 'object' &&
    f !== null &&
    Object.entries(f).every(
      ([field, sealed]) =>
        (SECRET_FIELDS as readonly string[]).includes(field) && typeof sealed === 'string',
    )
  );
}

/** Records whose secrets are sealed with AES-256-GCM, found through a keyed blind index. */
export function encryptedCodec(options: EncryptionOptions): RecordCodec {
  const keyring = new Keyring(options);
  const hmacKey = deriveIndexKey(toKey(options.indexKey, 'encryption.indexKey'));
  const migrate = (options.plaintextRecords ?? 'migrate') === 'migrate';
  const digest = (key: Parameters<typeof digestKey>[0]) => blindDigest(hmacKey, key);

  return {
    digests: (key) => (migrate ? [digest(key), digestKey(key)] : [digest(key)]),
    hasLegacyDigests: migrate,

    async encode(token, version) {
      const keyId = keyring.currentKeyId;
      const key = await keyring.get(keyId);
      if (key === undefined) throw undecryptable(token.id, keyId, 'the current key is missing');
      const { id, ...fields } = token;
      const sealed: Sealed = { k: keyId, f: {} };
      const plain: Record<string, unknown> = { ...fields };
      for (const field of SECRET_FIELDS) {
        const value = fields[field];
        if (value === undefined) continue;
        sealed.f[field] = sealField(key, id, field, value);
        delete plain[field];
      }
      plain[SEALED] = sealed;
      return { id, version, keys: recordKeys(token, digest), data: JSON.stringify(plain) };
    },

    async decode(record) {
      const fields = parseRecord(record);
      const sealed = fields[SEALED];
      if (sealed === undefined) {
        if (!migrate) throw corruptRecord(record.id, new Error('a plaintext record'));
        return toStoredToken(record, fields);
      }
      if (!isSealed(sealed)) throw corruptRecord(record.id);
      if (SECRET_FIELDS.some((field) => field in fields)) throw corruptRecord(record.id);
      const key = await keyring.get(sealed.k);
      if (key === undefined) throw undecryptable(record.id, sealed.k, 'that key is not configured');
      const opened: Record<string, unknown> = { ...fields };
      delete opened[SEALED];
      for (const [field, value] of Object.entries(sealed.f)) {
        try {
          opened[field] = openField(key, record.id, field, value);
        } catch (error) {
          throw undecryptable(record.id, sealed.k, 'tampered with, moved, or a wrong key', error);
        }
      }
      return toStoredToken(record, opened);
    },

    isOutdated(record) {
      try {
        const sealed = parseRecord(record)[SEALED];
        return !isSealed(sealed) || sealed.k !== keyring.currentKeyId;
      } catch {
        return false; // unreadable: reencrypt reports it when it decodes
      }
    },
  };
}
