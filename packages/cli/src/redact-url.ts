/**
 * A `scheme://userinfo@` anywhere in a text: userinfo runs to the last `@` before whitespace or
 * the end, since a password may hold an unescaped `@`, `/`, `?` or `#`
 * (`redis://user:PW1@PW2@host`, `redis://:gen/PW@host`), and URLs may be nested in another URL's
 * parameters (`?endpoint=http://user:pass@host`). Text between the scheme and an `@` that was no
 * userinfo (`redis://host/0?x=a@b`) is hidden too: better too much than a password.
 */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)(\S*)@/gi;
/**
 * The same, percent-encoded inside a parameter value (`http%3A%2F%2Fuser%3Apass%40host`): to the
 * last `%40` before whitespace, `&` or the end.
 */
const ENCODED_USERINFO = /([a-z][a-z0-9+.-]*%3A%2F%2F)([^\s&]*)%40/gi;
/** What a user name cannot hold: what ends a URL's authority, raw or percent-encoded. */
const NOT_A_USER = /[/?#]|%2F|%3F|%23/i;

function hidden(userinfo: string, colon: string): string {
  const at = userinfo.indexOf(colon);
  const user = at === -1 ? undefined : userinfo.slice(0, at);
  // `user:password` keeps the user; a lone userinfo may be a password (redis://secret@host), and
  // so may a "user" with a `/`, `?` or `#` in it (a password with a `:` after one).
  return user === undefined || NOT_A_USER.test(user) ? '***' : `${user}${colon}***`;
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
