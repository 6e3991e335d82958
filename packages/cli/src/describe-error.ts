import { isTokenStoreError } from '@tokenstore/core';
import { EXIT, type ExitCode } from './exit-codes.js';
import { redactSecrets } from './redact-url.js';

/**
 * An error as one line for the terminal: for a store that failed, the driver's reason (its
 * `reason` detail, not the library's message, which names internal operations), the code and
 * whether retrying may help; for other errors their message and code. Never its cause (a
 * driver's error, which may quote what was sent) and never a stack trace; URL credentials in it
 * redacted.
 */
export function describeError(error: unknown): string {
  return redactSecrets(describe(error));
}

function describe(error: unknown): string {
  if (isTokenStoreError(error)) {
    if (error.code === 'STORE_UNAVAILABLE' || error.code === 'STORE_MISCONFIGURED') {
      const verdict = error.retryable
        ? 'retrying may help'
        : 'fix the configuration: retrying will not help';
      return `${error.reason ?? error.message} (${error.code}; ${verdict})`;
    }
    return `${error.message} (${error.code})`;
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/**
 * The exit code of a command that failed with `error`: `MISCONFIGURED` when a store refused its
 * configuration (found on the error or its causes), else `UNAVAILABLE`.
 */
export function exitCodeOf(error: unknown): ExitCode {
  for (let at = error, depth = 0; at !== undefined && at !== null && depth < 8; depth++) {
    if (isTokenStoreError(at, 'STORE_MISCONFIGURED')) return EXIT.MISCONFIGURED;
    at = (at as { cause?: unknown }).cause;
  }
  return EXIT.UNAVAILABLE;
}
