/**
 * A `scheme://userinfo@` anywhere in a text: userinfo runs to the last `@` before the host (a
 * password may hold an unescaped `@`: `redis://user:PW1@PW2@host`), and URLs may be nested in
 * another URL's parameters (`?endpoint=http://user:pass@host`).
 */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/gi;
/** The same, percent-encoded inside a parameter value (`http%3A%2F%2Fuser%3Apass%40host`). */
const ENCODED_USERINFO = /([a-z][a-z0-9+.-]*%3A%2F%2F)((?:(?!%2F|%3F|%23)[^\s/?#&])*)%40/gi;

function hidden(userinfo: string, colon: string): string {
  const at = userinfo.indexOf(colon);
  // `user:password` keeps the user; a lone userinfo may be a password (redis://secret@host).
  return at === -1 ? '***' : `${userinfo.slice(0, at)}${colon}***`;
}

/**
 * A text fit to print: the userinfo of every URL in it (`scheme://user:password@`) shows only the
 * user, `scheme://user:***@`, also in URLs nested in parameters and percent-encoded ones. Store
 * URLs of Redis, MongoDB, SQL servers and endpoints may carry credentials; they never reach the
 * terminal, in messages, errors or parse errors.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(
      USERINFO,
      (_, scheme: string, userinfo: string) => `${scheme}${hidden(userinfo, ':')}@`,
    )
    .replace(
      ENCODED_USERINFO,
      (_, scheme: string, userinfo: string) => `${scheme}${hidden(userinfo, '%3A')}%40`,
    );
}

/** A store URL fit to print (see `redactSecrets`). */
export function redactUrl(url: string): string {
  return redactSecrets(url);
}
