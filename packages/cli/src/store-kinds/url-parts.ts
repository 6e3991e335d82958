import { UsageError } from '../exit-codes.js';
import { redactUrl } from '../redact-url.js';

/** The part of a URL before `?` and its parameters. */
export function splitQuery(text: string): { base: string; params: URLSearchParams } {
  const at = text.indexOf('?');
  if (at === -1) return { base: text, params: new URLSearchParams() };
  return { base: text.slice(0, at), params: new URLSearchParams(text.slice(at + 1)) };
}

/** `base` with the parameters left in `params`. */
export function withQuery(base: string, params: URLSearchParams): string {
  const query = params.toString();
  return query === '' ? base : `${base}?${query}`;
}

/** A parameter's value; absent or empty is undefined. */
export function param(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === '' ? undefined : value;
}

/** @throws UsageError naming the first parameter not in `allowed`. */
export function allowOnly(url: string, params: URLSearchParams, allowed: readonly string[]): void {
  for (const name of params.keys()) {
    if (!allowed.includes(name)) {
      const known = allowed.length === 0 ? 'none' : allowed.join(', ');
      throw new UsageError(`${redactUrl(url)}: unknown parameter "${name}" (parameters: ${known})`);
    }
  }
}
