import { isTokenStoreError } from '@tokenstore/core';
import { redactSecrets } from './redact-url.js';

/**
 * An error as one line for the terminal: its message and code, never its cause (a driver's
 * error, which may quote what was sent) and never a stack trace; URL credentials in it redacted.
 */
export function describeError(error: unknown): string {
  return redactSecrets(describe(error));
}

function describe(error: unknown): string {
  if (isTokenStoreError(error)) return `${error.message} (${error.code})`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
