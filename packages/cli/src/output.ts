import { once } from 'node:events';
import { redactSecrets } from './redact-url.js';

/**
 * Writes to stdout, waiting when its buffer is full, so that streaming thousands of tokens to a
 * slow pipe keeps memory bounded.
 */
export async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

/** Writes a line to stdout. */
export function writeLine(text: string): Promise<void> {
  return write(`${text}\n`);
}

/** Prints a value as one JSON document (pretty, for people and `jq` alike). */
export function writeJson(value: unknown): Promise<void> {
  return writeLine(JSON.stringify(value, null, 2));
}

/** A line on stderr: progress, warnings, errors. Never a secret. */
export function warn(text: string): void {
  process.stderr.write(`${redactSecrets(text)}\n`);
}
