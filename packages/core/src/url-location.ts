/**
 * Where a connection URL points, for a backend's `describe()`: `host:port/path`, never the user,
 * the password or the query (which may hold credentials too). `(connection string)` when it is
 * not a URL, so that nothing of it is shown.
 */
export function urlLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '(connection string)';
  }
}
