/**
 * A failed Secrets Manager call, stripped to what cannot hold a secret: the command, the
 * service's error name (or the network error code), the HTTP status and the request id. The SDK
 * error's message, response and request are left behind: a message may quote input values.
 */
export class SecretsManagerCallError extends Error {
  override readonly name = 'SecretsManagerCallError';
  /** The SDK command, such as `GetSecretValue`. */
  readonly command: string;
  /** The service's error name (`ResourceExistsException`) or the network error code. */
  readonly code: string;
  readonly httpStatusCode: number | undefined;
  readonly requestId: string | undefined;

  constructor(command: string, code: string, httpStatusCode?: number, requestId?: string) {
    const status = httpStatusCode === undefined ? '' : `, HTTP ${httpStatusCode}`;
    const request = requestId === undefined ? '' : `, request ${requestId}`;
    super(`Secrets Manager ${command} failed: ${code}${status}${request}`);
    this.command = command;
    this.code = code;
    this.httpStatusCode = httpStatusCode;
    this.requestId = requestId;
  }
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
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
  return new SecretsManagerCallError(command, code, status, safeToken(metadata.requestId));
}

/** True when `error` is a sanitized call error whose code is one of `codes`. */
export function hasCode(error: unknown, ...codes: string[]): error is SecretsManagerCallError {
  return error instanceof SecretsManagerCallError && codes.includes(error.code);
}
