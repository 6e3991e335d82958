import { UsageError } from './exit-codes.js';
import { redactUrl } from './redact-url.js';
import {
  kindOfScheme,
  STORE_KINDS,
  type StoreKindName,
  type StoreSpec,
} from './store-kinds/index.js';

export type {
  MemoryStoreSpec,
  MongoStoreSpec,
  RedisStoreSpec,
  SecretsManagerStoreSpec,
  SqliteStoreSpec,
  StoreSpec,
} from './store-kinds/index.js';

export type StoreKind = StoreKindName;

/** The URL forms, for help texts and error messages. */
export const STORE_URL_FORMS: readonly string[] = STORE_KINDS.map((kind) => kind.urlForm);

/** The scheme of `text` (`redis` for `redis://…`), or undefined when it has none. */
export function schemeOf(text: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
}

/** True when `text` starts with the scheme of a store URL this CLI knows. */
export function isStoreUrl(text: string): boolean {
  const scheme = schemeOf(text);
  return scheme !== undefined && kindOfScheme(scheme) !== undefined;
}

/**
 * Parses a store URL.
 *
 * @throws UsageError naming the accepted forms when `text` is not one.
 */
export function parseStoreUrl(text: string): StoreSpec {
  const scheme = schemeOf(text);
  const kind = scheme === undefined ? undefined : kindOfScheme(scheme);
  if (kind === undefined) {
    throw new UsageError(
      `${redactUrl(text)} is not a store URL; use one of:\n  ${STORE_URL_FORMS.join('\n  ')}`,
    );
  }
  try {
    return kind.parse(text);
  } catch (error) {
    if (error instanceof URIError) {
      throw new UsageError(`${redactUrl(text)}: a malformed %-escape`);
    }
    throw error;
  }
}
