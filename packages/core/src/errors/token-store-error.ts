import { isRetryableCode, type TokenStoreErrorCode } from './codes.js';
import type { TokenStoreErrorContext, TokenStoreErrorDetails } from './details.js';

/** What every token store error has, whatever its code. */
export interface TokenStoreErrorBase<C extends TokenStoreErrorCode = TokenStoreErrorCode>
  extends Error,
    TokenStoreErrorContext {
  /** What happened: see `TokenStoreErrorCode`. */
  readonly code: C;
  /**
   * True when making the same call again, unchanged, may succeed (derived from the code: only
   * `STORE_UNAVAILABLE`). False for a bad configuration (`STORE_MISCONFIGURED`), bad input,
   * a conflict, a corrupt record and a closed store.
   */
  readonly retryable: boolean;
}

/**
 * An error of a token store: a union over its codes, so that checking `code` narrows to that
 * code's details (`if (error.code === 'VERSION_CONFLICT') error.expectedVersion`). Its message
 * never contains a secret value.
 */
export type TokenStoreError<C extends TokenStoreErrorCode = TokenStoreErrorCode> =
  C extends TokenStoreErrorCode ? TokenStoreErrorBase<C> & TokenStoreErrorDetails[C] : never;

/** The options of a `TokenStoreError`: its cause, its context and its code's details. */
export type TokenStoreErrorOptions<C extends TokenStoreErrorCode> = {
  /** The underlying error, such as the driver's. */
  readonly cause?: unknown;
} & TokenStoreErrorContext &
  TokenStoreErrorDetails[C];

/** A code whose details all are optional takes no options; the others need theirs. */
export type TokenStoreErrorOptionsArgument<C extends TokenStoreErrorCode> = C extends unknown
  ? Record<never, never> extends TokenStoreErrorDetails[C]
    ? [options?: TokenStoreErrorOptions<C>]
    : [options: TokenStoreErrorOptions<C>]
  : never;

/** The constructor of `TokenStoreError`. */
export interface TokenStoreErrorConstructor {
  /**
   * An error with `code`, a message for people (never a secret in it) and, in `options`, the
   * cause, the context and the code's details (required where the code has required ones).
   */
  new <C extends TokenStoreErrorCode>(
    code: C,
    message: string,
    ...options: TokenStoreErrorOptionsArgument<C>
  ): TokenStoreError<C>;
  /** So that `error instanceof TokenStoreError` narrows to the union. */
  readonly prototype: TokenStoreError;
}

class TokenStoreErrorClass extends Error {
  override readonly name = 'TokenStoreError';
  readonly code: TokenStoreErrorCode;
  readonly retryable: boolean;

  constructor(code: TokenStoreErrorCode, message: string, options?: Record<string, unknown>) {
    super(message, options !== undefined && 'cause' in options ? { cause: options.cause } : {});
    this.code = code;
    this.retryable = isRetryableCode(code);
    for (const [name, value] of Object.entries(options ?? {})) {
      // Only the given details become properties, so util.inspect shows no empty ones.
      if (name !== 'cause' && value !== undefined)
        Object.defineProperty(this, name, { value, enumerable: true });
    }
  }
}

/**
 * An error of a token store: `code` says what happened, the context says where (`operation`,
 * `store`), and each code carries its details (see {@link TokenStoreErrorDetails}).
 */
export const TokenStoreError = TokenStoreErrorClass as unknown as TokenStoreErrorConstructor;

/**
 * Adds the operation and the store's description to an error of this class that lacks them
 * (an error raised below the store: validation, a record codec, a backend's own); other errors
 * are returned untouched.
 */
export function withContext(error: unknown, operation: string, store: () => string): unknown {
  if (!(error instanceof TokenStoreErrorClass)) return error;
  const context = error as { operation?: unknown; store?: unknown };
  if (context.operation === undefined) {
    Object.defineProperty(error, 'operation', { value: operation, enumerable: true });
  }
  if (context.store === undefined) {
    Object.defineProperty(error, 'store', { value: store(), enumerable: true });
  }
  return error;
}
