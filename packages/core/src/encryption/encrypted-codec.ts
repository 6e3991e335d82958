import { corruptRecord, recordNamed } from '../corrupt-record.js';
import { TokenStoreError } from '../errors.js';
import { digestKey } from '../key-digest.js';
import { parseRecord, type RecordCodec, recordKeys, toStoredToken } from '../record-codec.js';
import { SECRET_FIELDS } from '../token.js';
import { blindDigest, deriveIndexKey, indexKeyCheck } from './blind-index.js';
import type { EncryptionOptions } from './encryption-options.js';
import { openField, sealField } from './field-cipher.js';
import { toKey, undecryptable } from './key-material.js';
import { Keyring } from './keyring.js';
import { macMatches, recordMac } from './record-seal.js';

/**
 * Where a record keeps its sealed secrets: `{ k: key id, f: { field: sealed }, x: index-key
 * check, m: record MAC }` (see {@link recordMac}).
 */
const SEALED = '#sealed';

interface Sealed {
  k: string;
  f: Record<string, string>;
  x: string;
  m: string;
}

function isSealed(value: unknown): value is Sealed {
  if (typeof value !== 'object' || value === null) return false;
  const { k, f, x, m } = value as Partial<Sealed>;
  return (
    typeof k === 'string' &&
    typeof x === 'string' &&
    typeof m === 'string' &&
    typeof f === 'object' &&
    f !== null &&
    Object.entries(f).every(
      ([field, sealed]) =>
        (SECRET_FIELDS as readonly string[]).includes(field) && typeof sealed === 'string',
    )
  );
}

/** The error for a record indexed under another index key: a configuration mistake. */
export function otherIndexKey(id: string): TokenStoreError {
  return new TokenStoreError(
    'CORRUPT_RECORD',
    `record ${JSON.stringify(id)} was indexed under another encryption.indexKey: this store's indexKey is not the one its records were written with (nothing was written)`,
  );
}

/** Records whose secrets are sealed with AES-256-GCM, found through a keyed blind index. */
export function encryptedCodec(options: EncryptionOptions): RecordCodec {
  const keyring = new Keyring(options);
  const hmacKey = deriveIndexKey(toKey(options.indexKey, 'encryption.indexKey'));
  const check = indexKeyCheck(hmacKey);
  // Plaintext records carry nothing an attacker without the keys cannot write: they are read
  // only while a migration is explicitly under way.
  const migrate = options.plaintextRecords === 'migrate';
  const digest = (key: Parameters<typeof digestKey>[0]) => blindDigest(hmacKey, key);

  return {
    digests: (key) => (migrate ? [digest(key), digestKey(key)] : [digest(key)]),
    hasLegacyDigests: migrate,

    async encode(token, version) {
      const keyId = keyring.currentKeyId;
      const key = await keyring.get(keyId);
      if (key === undefined) throw undecryptable(token.id, keyId, 'the current key is missing');
      const { id, ...fields } = token;
      const f: Record<string, string> = {};
      const plain: Record<string, unknown> = { ...fields };
      for (const field of SECRET_FIELDS) {
        const value = fields[field];
        if (value === undefined) continue;
        f[field] = sealField(key, id, field, value);
        delete plain[field];
      }
      const m = recordMac(key, id, version, keyId, check, plain, f);
      const sealed: Sealed = { k: keyId, f, x: check, m };
      return {
        id,
        version,
        keys: recordKeys(token, digest),
        data: JSON.stringify({ ...plain, [SEALED]: sealed }),
      };
    },

    async decode(record) {
      const fields = parseRecord(record);
      const sealed = fields[SEALED];
      if (sealed === undefined) {
        if (!migrate) {
          throw corruptRecord(recordNamed(record.id), {
            reason: 'a plaintext record, and plaintextRecords is not "migrate"',
          });
        }
        return toStoredToken(record, fields);
      }
      if (!isSealed(sealed)) throw corruptRecord(recordNamed(record.id));
      const key = await keyring.get(sealed.k);
      if (key === undefined) throw undecryptable(record.id, sealed.k, 'that key is not configured');
      const plain: Record<string, unknown> = { ...fields };
      delete plain[SEALED];
      const mac = recordMac(key, record.id, record.version, sealed.k, sealed.x, plain, sealed.f);
      if (!macMatches(mac, sealed.m)) {
        throw undecryptable(
          record.id,
          sealed.k,
          'changed (a field removed, added or altered, or another version), or a wrong key',
        );
      }
      if (sealed.x !== check) throw otherIndexKey(record.id);
      const opened: Record<string, unknown> = { ...plain };
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

    indexedHere(record) {
      try {
        const sealed = parseRecord(record)[SEALED];
        return isSealed(sealed) ? sealed.x === check : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
