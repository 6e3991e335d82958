/**
 * A store URL fit to print: the password of `scheme://user:password@host` replaced by `***`.
 * Store URLs of Redis and MongoDB may carry credentials; they never reach the terminal.
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:)[^/?#@]*@/i, '$1***@');
}
