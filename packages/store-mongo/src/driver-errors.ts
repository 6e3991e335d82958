import {
  type BackendFailureInfo,
  UNIQUE_KEY_KINDS,
  type UniqueKeyKind,
} from '@tokenstore/core/backend';
import {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

/** True for a duplicate key error (11000) from an insert, replace or upsert. */
export function isDuplicateKeyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 11000 || code === 11001;
}

/**
 * Which unique key a duplicate key error names, when the server says (MongoDB reports the
 * index's `keyPattern`; FerretDB v1 does not).
 */
export function duplicateKindOf(error: unknown): UniqueKeyKind | 'id' | undefined {
  const pattern = (error as { keyPattern?: unknown } | null)?.keyPattern;
  if (typeof pattern !== 'object' || pattern === null) return undefined;
  const fields = Object.keys(pattern);
  if (fields.length !== 1) return undefined;
  if (fields[0] === '_id') return 'id';
  return UNIQUE_KEY_KINDS.find((kind) => fields[0] === `k.${kind}`);
}

/**
 * A server's answer to a write that carried a token, with its text left out: a server may echo
 * the document it refused (validation details, `errInfo`), and the document holds secrets.
 * Keeps what a reader needs to act on it: the code and its name.
 */
export class RedactedServerError extends Error {
  override readonly name = 'MongoServerError';
  readonly code: number | string | undefined;
  readonly codeName: string | undefined;

  constructor(operation: string, code: number | string | undefined, codeName: string | undefined) {
    const what = [codeName, code === undefined ? undefined : `code ${code}`].filter(Boolean);
    super(`${operation} was refused by the server${what.length ? ` (${what.join(', ')})` : ''}`);
    this.code = code;
    this.codeName = codeName;
  }
}

/** Errors of the connection itself: they describe the server, never a document. */
function isConnectionError(error: unknown): boolean {
  return (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  );
}

/** What may leave the backend after a write that sent a token document. */
export function redactWriteError(error: unknown, operation: string): unknown {
  if (isConnectionError(error)) return error;
  const { code, codeName } = (error ?? {}) as { code?: unknown; codeName?: unknown };
  return new RedactedServerError(
    operation,
    typeof code === 'number' || typeof code === 'string' ? code : undefined,
    typeof codeName === 'string' ? codeName : undefined,
  );
}

/** AuthenticationFailed (18) and Unauthorized (13): the store's credentials or roles are wrong. */
const REFUSED_CONFIGURATION = new Set<unknown>([18, 13]);

function refusesConfiguration(error: unknown): boolean {
  const { code, cause, message } = (error ?? {}) as {
    code?: unknown;
    cause?: { code?: unknown };
    message?: unknown;
  };
  return (
    REFUSED_CONFIGURATION.has(code) ||
    REFUSED_CONFIGURATION.has(cause?.code) ||
    (typeof message === 'string' && /^Authentication failed/.test(message))
  );
}

/**
 * A failure to reach or be let in by the server, reduced to its name, message and code: the
 * driver's message names the server (`connect ECONNREFUSED 127.0.0.1:27017`, `Server selection
 * timed out after 500 ms`), never a document. Its `reason` is that message, and `misconfigured`
 * says the server refused the store's credentials (AuthenticationFailed, Unauthorized).
 */
export class MongoConnectionFailure extends Error implements BackendFailureInfo {
  override readonly name: string;
  readonly code: number | string | undefined;
  /** The driver's own message, which describes the server only. */
  readonly reason: string;
  /** True when the server refused the store's credentials or roles. */
  readonly misconfigured: boolean;

  constructor(source: Error) {
    super(source.message);
    this.name = source.name;
    const code = (source as { code?: unknown }).code;
    this.code = typeof code === 'number' || typeof code === 'string' ? code : undefined;
    this.reason = source.message;
    this.misconfigured = refusesConfiguration(source);
  }
}

/**
 * What leaves the backend for a failed call: a connection or authentication failure as a
 * {@link MongoConnectionFailure} (so core shows the driver's reason), anything else as it is.
 */
export function translateError(error: unknown): unknown {
  if (error instanceof MongoConnectionFailure) return error;
  if (
    isConnectionError(error) ||
    (error instanceof MongoServerError && refusesConfiguration(error))
  ) {
    return new MongoConnectionFailure(error as Error);
  }
  return error;
}
