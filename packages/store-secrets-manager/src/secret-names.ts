import { hash } from 'node:crypto';
import { UNIQUE_KEY_KINDS, type UniqueKeyKind } from '@tokenstore/core/backend';

/** The characters Secrets Manager allows in a secret name. */
const NAME_CHARS = /^[A-Za-z0-9/_+=.@-]*$/;
const MAX_NAME_LENGTH = 512;
/** A SHA-256 digest in base64url: 43 characters. */
const DIGEST = '[A-Za-z0-9_-]{43}';
/** The longest suffix this store appends to its prefix: `k/refreshToken/` + a digest. */
const LONGEST_SUFFIX = 'k/refreshToken/'.length + 43;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The secret names of one store. Every name is the prefix plus digests and fixed words, so no
 * token value and no id ever appears in a name:
 * - `<prefix>r/<sha256(id)>`: a token record (the id itself is inside the value);
 * - `<prefix>k/<kind>/<key digest>`: the lookup index of one unique key; its value names the
 *   record's id.
 */
export class SecretNames {
  readonly prefix: string;
  readonly #record: RegExp;
  readonly #index: RegExp;

  /** @throws RangeError when the prefix has characters a secret name cannot hold, or is too long. */
  constructor(prefix: string) {
    if (!NAME_CHARS.test(prefix)) {
      throw new RangeError(
        'SecretsManagerTokenStore: prefix may only hold the characters A-Z a-z 0-9 / _ + = . @ -',
      );
    }
    if (prefix.length + LONGEST_SUFFIX > MAX_NAME_LENGTH) {
      throw new RangeError(
        `SecretsManagerTokenStore: prefix may be at most ${MAX_NAME_LENGTH - LONGEST_SUFFIX} characters`,
      );
    }
    this.prefix = prefix;
    const base = escapeRegExp(prefix);
    // Exact shapes: a store whose prefix extends ours (`a/` and `a/r/`) never matches our names.
    this.#record = new RegExp(`^${base}r/${DIGEST}$`);
    this.#index = new RegExp(`^${base}k/(?:${UNIQUE_KEY_KINDS.join('|')})/${DIGEST}$`);
  }

  /** The record secret of a token id: named by a digest of the id (ids may hold anything). */
  record(id: string): string {
    // Over the JSON text, so that ids differing only in lone surrogates get distinct digests.
    return `${this.prefix}r/${hash('sha256', JSON.stringify(id), 'base64url')}`;
  }

  /** The index secret of one unique key. */
  index(kind: UniqueKeyKind, digest: string): string {
    return `${this.prefix}k/${kind}/${digest}`;
  }

  /** The name prefix that ListSecrets filters on to find every record. */
  get recordPrefix(): string {
    return `${this.prefix}r/`;
  }

  isRecord(name: string): boolean {
    return this.#record.test(name);
  }

  isIndex(name: string): boolean {
    return this.#index.test(name);
  }
}

/**
 * ARNs end in `<name>-<random suffix>`, and the suffix differs for each secret ever created under
 * a name: deleting by full ARN removes that one secret, never a later one of the same name.
 */
export function arnSuffix(arn: string, name: string): string | undefined {
  const marker = `:secret:${name}-`;
  const at = arn.lastIndexOf(marker);
  return at < 0 ? undefined : arn.slice(at + marker.length);
}

/** The ARN of `name` with `suffix`, on the partition, region and account of `sameAccountArn`. */
export function arnOf(sameAccountArn: string, name: string, suffix: string): string | undefined {
  const at = sameAccountArn.indexOf(':secret:');
  return at < 0 ? undefined : `${sameAccountArn.slice(0, at)}:secret:${name}-${suffix}`;
}
