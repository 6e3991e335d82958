/**
 * A worker process's error as it crosses IPC: its name, code, message and cause chain, with
 * every secret the worker was given replaced, so that a failing process case shows the store's
 * own reason (the driver's error under `STORE_UNAVAILABLE`) without leaking a token.
 */
export interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly code?: string | number;
  readonly cause?: WorkerError;
}

const MAX_DEPTH = 6;
const REDACTED = '[redacted]';

function redact(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret.length >= 4) clean = clean.replaceAll(secret, REDACTED);
  }
  return clean;
}

/** Turns anything thrown into a {@link WorkerError}, `secrets` removed from every message. */
export function serializeError(error: unknown, secrets: readonly string[], depth = 0): WorkerError {
  if (typeof error !== 'object' || error === null) {
    return { name: typeof error, message: redact(String(error), secrets) };
  }
  const { name, message, code, cause } = error as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    cause?: unknown;
  };
  return {
    name: typeof name === 'string' ? name : 'Error',
    message: redact(typeof message === 'string' ? message : String(error), secrets),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(cause !== undefined && depth < MAX_DEPTH
      ? { cause: serializeError(cause, secrets, depth + 1) }
      : {}),
  };
}

/** One line per error of the chain: `TokenStoreError [STORE_UNAVAILABLE]: ...`, then its causes. */
export function formatWorkerError(error: WorkerError): string {
  const lines: string[] = [];
  for (let at: WorkerError | undefined = error; at !== undefined; at = at.cause) {
    const code = at.code === undefined ? '' : ` [${at.code}]`;
    lines.push(`${lines.length === 0 ? '' : 'caused by '}${at.name}${code}: ${at.message}`);
  }
  return lines.join('\n  ');
}

/** An Error for the parent side, its message the whole chain, `cause` the structured error. */
export function workerFailure(what: string, error: WorkerError): Error {
  return new Error(`${what}: ${formatWorkerError(error)}`, { cause: error });
}
