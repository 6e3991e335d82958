import { UsageError } from '../exit-codes.js';
import { redactUrl } from '../redact-url.js';
import { param, splitQuery, withQuery } from './url-parts.js';

/** How one kind names its server URLs, for {@link parseServerUrl}. */
export interface ServerUrlForm {
  /** The server's name in messages (`PostgreSQL`). */
  readonly server: string;
  /** The URL's shape in messages (`postgres://host:port/database`). */
  readonly shape: string;
  /** The query parameter that is the store's namespace (`table`, `prefix`), not the driver's. */
  readonly namespace: string;
}

/** A server URL taken apart. */
export interface ServerUrl {
  /** The URL without the namespace parameter, for the driver (its own parameters stay). */
  readonly url: string;
  /** The namespace parameter's value; absent or empty is undefined. */
  readonly namespace: string | undefined;
  /** The URL as WHATWG parses it, for a kind's own checks (a database in the path). */
  readonly parsed: URL;
}

/**
 * Parses the URL of a server the driver connects to (`scheme://[user:pass@]host[:port]/…`),
 * taking out the store's namespace parameter.
 *
 * @throws UsageError when it is no URL or names no host; the message never echoes a password.
 */
export function parseServerUrl(text: string, form: ServerUrlForm): ServerUrl {
  const { base, params } = splitQuery(text);
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new UsageError(`${redactUrl(text)}: not a valid ${form.server} URL (${form.shape})`);
  }
  if (parsed.hostname === '') {
    throw new UsageError(`${redactUrl(text)}: the ${form.server} URL needs a host`);
  }
  const namespace = param(params, form.namespace);
  params.delete(form.namespace);
  return { url: withQuery(base, params), namespace, parsed };
}

/** The `table` namespace of a SQL server's kind: `tokenstore check` uses a fresh `check_<hex>`. */
export function tableNamespace<S extends { readonly table: string | undefined }>() {
  return {
    name: 'table',
    fresh: (hex: string) => `check_${hex}`,
    apply: (spec: S, table: string): S => ({ ...spec, table }),
  };
}
