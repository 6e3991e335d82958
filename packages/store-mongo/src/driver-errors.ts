import { UNIQUE_KEY_KINDS, type UniqueKeyKind } from '@tokenstore/core/backend';
import {
  MongoNetworkError,
  MongoNotConnectedError,
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
