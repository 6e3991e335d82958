/** The suffix of the collection where a store's write leases live: `<collection>.leases`. */
export const LEASES_SUFFIX = '.leases';

/** MongoDB's longest namespace (`database.collection`), in UTF-8 bytes. */
const MAX_NAMESPACE_BYTES = 255;
/** MongoDB's longest database name, in bytes. */
const MAX_DATABASE_BYTES = 63;
/** Characters MongoDB refuses in a database name (on some platform). */
const DATABASE_FORBIDDEN = /[/\\. "$*<>:|?\0]/;

/**
 * Checks the `database` option, so that a name the server refuses fails in the constructor
 * instead of on every call. Throws a `RangeError`: a bad option is a programming error.
 */
export function checkDatabaseName(name: unknown): string {
  if (typeof name !== 'string') throw new TypeError('MongoTokenStore: database must be a string');
  if (
    name === '' ||
    Buffer.byteLength(name) > MAX_DATABASE_BYTES ||
    DATABASE_FORBIDDEN.test(name)
  ) {
    throw new RangeError(
      `MongoTokenStore: database must be 1-${MAX_DATABASE_BYTES} bytes without / \\ . space " $ * < > : | ? or NUL`,
    );
  }
  return name;
}

/**
 * Checks the `collection` option (or a handle's name). Besides what MongoDB refuses (empty, `$`,
 * NUL, a `system.` prefix, a namespace over 255 bytes with the lease collection's suffix), a
 * name ending in `.leases` is refused: it is where the store named without that suffix keeps its
 * write leases, and two stores sharing one collection would delete and misread each other's
 * documents.
 */
export function checkCollectionName(name: unknown, database: string): string {
  if (typeof name !== 'string') throw new TypeError('MongoTokenStore: collection must be a string');
  const namespaceBytes = Buffer.byteLength(`${database}.${name}${LEASES_SUFFIX}`);
  if (
    name === '' ||
    name.includes('$') ||
    name.includes('\0') ||
    name.startsWith('system.') ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    namespaceBytes > MAX_NAMESPACE_BYTES
  ) {
    throw new RangeError(
      `MongoTokenStore: collection must be a non-empty name without $ or NUL, not starting with "system." or ".", and with its database and "${LEASES_SUFFIX}" at most ${MAX_NAMESPACE_BYTES} bytes`,
    );
  }
  if (name.endsWith(LEASES_SUFFIX)) {
    throw new RangeError(
      `MongoTokenStore: collection ${JSON.stringify(name)} is reserved: names ending in "${LEASES_SUFFIX}" hold write leases of another collection`,
    );
  }
  return name;
}
