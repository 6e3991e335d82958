import type { BackendFailureInfo } from '@tokenstore/core/backend';

/**
 * Errors that mean the store's AWS configuration is wrong (no credentials, credentials the
 * service does not accept, a missing permission or KMS key access): retrying will not help.
 */
const REFUSED_CONFIGURATION = new Set([
  'CredentialsProviderError',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'AccessDeniedException',
  'ExpiredTokenException',
]);

/**
 * Errors whose message says why without quoting input: the SDK's explanation of where it looked
 * for credentials, and the socket's error for a refused connection (`connect ECONNREFUSED
 * 127.0.0.1:4566`).
 */
function safeExplanation(code: string, message: unknown): string | undefined {
  if (typeof message !== 'string' || message === '') return undefined;
  const text = message.split('\n')[0]?.slice(0, 300);
  if (code === 'CredentialsProviderError') return text;
  if (
    /^E[A-Z]+$/.test(code) &&
    /^(connect|getaddrinfo|read|write) E[A-Z]+\b[\w.:\s-]*$/.test(text ?? '')
  ) {
    return text;
  }
  return undefined;
}

/**
 * A failed Secrets Manager call, stripped to what cannot hold a secret: the command, the
 * service's error name (or the network error code), the HTTP status and the request id. The SDK
 * error's message, response and request are left behind: a message may quote input values. Only
 * the SDK's explanation for missing credentials and a socket error's own text are kept, as the
 * `reason` (`CredentialsProviderError: Could not load credentials from any providers`);
 * `misconfigured` says the failure is the store's AWS configuration, which retrying won't fix.
 */
export class SecretsManagerCallError extends Error implements BackendFailureInfo {
  override readonly name = 'SecretsManagerCallError';
  /** The SDK command, such as `GetSecretValue`. */
  readonly command: string;
  /** The service's error name (`ResourceExistsException`) or the network error code. */
  readonly code: string;
  readonly httpStatusCode: number | undefined;
  readonly requestId: string | undefined;
  /** What an operator reads: the code, and the SDK's or the socket's explanation when safe. */
  readonly reason: string;
  /** True when the store's AWS configuration (credentials, permissions) was refused. */
  readonly misconfigured: boolean;

  constructor(
    command: string,
    code: string,
    httpStatusCode?: number,
    requestId?: string,
    explanation?: string,
  ) {
    const status = httpStatusCode === undefined ? '' : `, HTTP ${httpStatusCode}`;
    const request = requestId === undefined ? '' : `, request ${requestId}`;
    const why = explanation === undefined ? '' : `: ${explanation}`;
    super(`Secrets Manager ${command} failed: ${code}${why}${status}${request}`);
    this.command = command;
    this.code = code;
    this.httpStatusCode = httpStatusCode;
    this.requestId = requestId;
    this.reason = `${command}: ${code}${why}${status}`;
    this.misconfigured = REFUSED_CONFIGURATION.has(code);
  }
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
}

const SAFE_TOKEN = /^[A-Za-z0-9_.:-]{1,100}$/;

/** Keeps a name or code only when it looks like one (never free text). */
function safeToken(value: unknown): string | undefined {
  return typeof value === 'string' && SAFE_TOKEN.test(value) ? value : undefined;
}

/** The sanitized form of whatever the SDK threw for `command`. */
export function sanitizeError(command: string, error: unknown): SecretsManagerCallError {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const metadata = shape.$metadata ?? {};
  const status = typeof metadata.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
  // A network failure carries its code (ECONNREFUSED); a service error its name.
  const code =
    (status === undefined ? safeToken(shape.code) : undefined) ??
    safeToken(shape.name) ??
    safeToken(shape.code) ??
    'UnknownError';
  return new SecretsManagerCallError(
    command,
    code,
    status,
    safeToken(metadata.requestId),
    safeExplanation(code, shape.message),
  );
}

/** True when `error` is a sanitized call error whose code is one of `codes`. */
export function hasCode(error: unknown, ...codes: string[]): error is SecretsManagerCallError {
  return error instanceof SecretsManagerCallError && codes.includes(error.code);
}
