import { UsageError } from './exit-codes.js';
import { redactUrl } from './redact-url.js';

/** `memory:[?namespace=name]`: a store in this process's memory (gone when the command ends). */
export interface MemoryStoreSpec {
  readonly kind: 'memory';
  readonly namespace: string | undefined;
}

/** `sqlite:<file>[?table=name&synchronous=FULL|NORMAL]`: a SQLite file, relative to the cwd. */
export interface SqliteStoreSpec {
  readonly kind: 'sqlite';
  readonly filename: string;
  readonly table: string | undefined;
  readonly synchronous: 'FULL' | 'NORMAL' | undefined;
}

/** `redis[s]://[user:pass@]host:port[/db][?prefix=app:]`: a single Redis node. */
export interface RedisStoreSpec {
  readonly kind: 'redis';
  /** The URL without `prefix`, for ioredis. */
  readonly url: string;
  readonly prefix: string | undefined;
}

/** `mongodb[+srv]://[user:pass@]host[:port][/database][?collection=name&…]`. */
export interface MongoStoreSpec {
  readonly kind: 'mongodb';
  /** The connection string without `collection`, for the driver. */
  readonly url: string;
  readonly database: string | undefined;
  readonly collection: string | undefined;
}

/** `secretsmanager://region[?prefix=app/&endpoint=http://127.0.0.1:4566&forceDelete=true]`. */
export interface SecretsManagerStoreSpec {
  readonly kind: 'secretsmanager';
  readonly region: string;
  readonly prefix: string | undefined;
  readonly endpoint: string | undefined;
  readonly forceDelete: boolean;
}

/** Where a store is, as parsed from a store URL. */
export type StoreSpec =
  | MemoryStoreSpec
  | SqliteStoreSpec
  | RedisStoreSpec
  | MongoStoreSpec
  | SecretsManagerStoreSpec;

export type StoreKind = StoreSpec['kind'];

/** The URL forms, for help texts and error messages. */
export const STORE_URL_FORMS = [
  'memory:',
  'sqlite:./tokens.db?table=tokens',
  'redis://127.0.0.1:6379/0?prefix=tokenstore:',
  'mongodb://127.0.0.1:27017/tokenstore?collection=tokens',
  'secretsmanager://us-east-1?prefix=tokenstore/&endpoint=http://127.0.0.1:4566',
] as const;

const SCHEMES: Readonly<Record<string, StoreKind>> = {
  memory: 'memory',
  sqlite: 'sqlite',
  redis: 'redis',
  rediss: 'redis',
  mongodb: 'mongodb',
  'mongodb+srv': 'mongodb',
  secretsmanager: 'secretsmanager',
};

/** The scheme of `text` (`redis` for `redis://…`), or undefined when it has none. */
export function schemeOf(text: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
}

/** True when `text` starts with the scheme of a store URL this CLI knows. */
export function isStoreUrl(text: string): boolean {
  const scheme = schemeOf(text);
  return scheme !== undefined && scheme in SCHEMES;
}

function splitQuery(text: string): { base: string; params: URLSearchParams } {
  const at = text.indexOf('?');
  if (at === -1) return { base: text, params: new URLSearchParams() };
  return { base: text.slice(0, at), params: new URLSearchParams(text.slice(at + 1)) };
}

function withQuery(base: string, params: URLSearchParams): string {
  const query = params.toString();
  return query === '' ? base : `${base}?${query}`;
}

/** A parameter's value; absent or empty is undefined. */
function param(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === '' ? undefined : value;
}

function allowOnly(url: string, params: URLSearchParams, allowed: readonly string[]): void {
  for (const name of params.keys()) {
    if (!allowed.includes(name)) {
      const known = allowed.length === 0 ? 'none' : allowed.join(', ');
      throw new UsageError(`${redactUrl(url)}: unknown parameter "${name}" (parameters: ${known})`);
    }
  }
}

function parseMemory(text: string): MemoryStoreSpec {
  const { base, params } = splitQuery(text);
  if (base.toLowerCase() !== 'memory:') {
    throw new UsageError(`${text}: a memory store URL is "memory:" or "memory:?namespace=name"`);
  }
  allowOnly(text, params, ['namespace']);
  return { kind: 'memory', namespace: param(params, 'namespace') };
}

function parseSqlite(text: string): SqliteStoreSpec {
  const { base, params } = splitQuery(text);
  allowOnly(text, params, ['table', 'synchronous']);
  // sqlite:./x.db, sqlite:/abs/x.db and sqlite:///abs/x.db all name a file; %xx decodes.
  let path = base.slice('sqlite:'.length);
  if (path.startsWith('//')) path = path.slice(2);
  let filename: string;
  try {
    filename = decodeURIComponent(path);
  } catch {
    throw new UsageError(`${text}: the file name has a malformed %-escape`);
  }
  if (filename === '') {
    throw new UsageError(`${text}: name the database file, as in sqlite:./tokens.db`);
  }
  const synchronous = param(params, 'synchronous')?.toUpperCase();
  if (synchronous !== undefined && synchronous !== 'FULL' && synchronous !== 'NORMAL') {
    throw new UsageError(`${text}: synchronous must be FULL or NORMAL`);
  }
  return { kind: 'sqlite', filename, table: param(params, 'table'), synchronous };
}

function parseRedis(text: string): RedisStoreSpec {
  const { base, params } = splitQuery(text);
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError(`${redactUrl(text)}: not a valid Redis URL (redis://host:port/db)`);
  }
  if (url.hostname === '') throw new UsageError(`${redactUrl(text)}: the Redis URL needs a host`);
  const prefix = param(params, 'prefix');
  params.delete('prefix');
  return { kind: 'redis', url: withQuery(base, params), prefix };
}

function parseMongo(text: string): MongoStoreSpec {
  // Not WHATWG-parsed: a MongoDB connection string may list several hosts (h1:1,h2:2).
  const { base, params } = splitQuery(text);
  const rest = base.replace(/^mongodb(\+srv)?:\/\//i, '');
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const hosts = authority.slice(authority.lastIndexOf('@') + 1);
  if (rest === base || hosts === '') {
    throw new UsageError(`${redactUrl(text)}: a MongoDB URL is mongodb://host[:port]/database`);
  }
  const database =
    slash === -1 ? undefined : decodeURIComponent(rest.slice(slash + 1)) || undefined;
  const collection = param(params, 'collection');
  params.delete('collection');
  return { kind: 'mongodb', url: withQuery(base, params), database, collection };
}

function parseSecretsManager(text: string): SecretsManagerStoreSpec {
  const { base, params } = splitQuery(text);
  allowOnly(text, params, ['prefix', 'endpoint', 'forceDelete']);
  const region = base.replace(/^secretsmanager:\/\//i, '').replace(/\/$/, '');
  if (region === base || !/^[a-z0-9-]+$/i.test(region)) {
    throw new UsageError(
      `${text}: a Secrets Manager URL is secretsmanager://<region>, as in secretsmanager://us-east-1`,
    );
  }
  const forceDelete = param(params, 'forceDelete');
  if (forceDelete !== undefined && forceDelete !== 'true' && forceDelete !== 'false') {
    throw new UsageError(`${text}: forceDelete must be true or false`);
  }
  return {
    kind: 'secretsmanager',
    region,
    prefix: param(params, 'prefix'),
    endpoint: param(params, 'endpoint'),
    forceDelete: forceDelete === 'true',
  };
}

/**
 * Parses a store URL.
 *
 * @throws UsageError naming the accepted forms when `text` is not one.
 */
export function parseStoreUrl(text: string): StoreSpec {
  const scheme = schemeOf(text);
  const kind = scheme === undefined ? undefined : SCHEMES[scheme];
  switch (kind) {
    case 'memory':
      return parseMemory(text);
    case 'sqlite':
      return parseSqlite(text);
    case 'redis':
      return parseRedis(text);
    case 'mongodb':
      return parseMongo(text);
    case 'secretsmanager':
      return parseSecretsManager(text);
    default:
      throw new UsageError(
        `${redactUrl(text)} is not a store URL; use one of:\n  ${STORE_URL_FORMS.join('\n  ')}`,
      );
  }
}
