import { MongoClient, type MongoClientOptions } from 'mongodb';

/** The server a store connects to when given neither a URL nor a client. */
export const DEFAULT_URL = 'mongodb://127.0.0.1:27017';

/**
 * Timeouts of a client the store creates, so that a server that is down fails a call within
 * seconds (`STORE_UNAVAILABLE`) instead of the driver's 30 s server selection.
 */
export const DEFAULT_CLIENT_OPTIONS: MongoClientOptions = {
  appName: 'tokenstore',
  serverSelectionTimeoutMS: 5_000,
  connectTimeoutMS: 5_000,
  socketTimeoutMS: 20_000,
};

/**
 * The driver's command log component is off in clients the store creates, whatever
 * `MONGODB_LOG_ALL`/`MONGODB_LOG_COMMAND` say: it prints every command and reply document,
 * which hold the tokens' fields, secrets included (when encryption at rest is off). Set
 * `clientOptions.mongodbLogComponentSeverities.command` yourself to turn it back on.
 */
const QUIET_COMMANDS = { command: 'off' } as const;

/** A client of the store's own; it connects on first use. */
export function createClient(url: string, options: MongoClientOptions | undefined): MongoClient {
  return new MongoClient(url, {
    ...DEFAULT_CLIENT_OPTIONS,
    ...options,
    mongodbLogComponentSeverities: {
      ...QUIET_COMMANDS,
      ...options?.mongodbLogComponentSeverities,
    },
  });
}
