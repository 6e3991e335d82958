import {
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import {
  BackedTokenStore,
  type BackedTokenStoreOptions,
  checkBackedStoreOptions,
} from '@tokenstore/core/backend';
import { SecretNames } from './secret-names.js';
import { type Removal, SecretsApi } from './secrets-api.js';
import { SecretsManagerBackend } from './secrets-manager-backend.js';

/** Options of {@link SecretsManagerTokenStore}. */
export interface SecretsManagerTokenStoreOptions extends BackedTokenStoreOptions {
  /** The AWS region, when the store creates its client (else the SDK's usual resolution). */
  region?: string;
  /**
   * Start of every secret name this store creates; its namespace. Characters
   * `A-Za-z0-9/_+=.@-`. Default `"tokenstore/"`.
   */
  prefix?: string;
  /** The KMS key that encrypts the secrets (id, ARN or alias). Default: `aws/secretsmanager`. */
  kmsKeyId?: string;
  /** Tags put on every secret the store creates. They never hold a token value. */
  tags?: Readonly<Record<string, string>>;
  /**
   * Days a deleted token's secret waits before Secrets Manager removes it for good (7 to 30);
   * meanwhile it can be restored. Default 7. Ignored with `forceDelete`.
   */
  recoveryWindowInDays?: number;
  /** Delete tokens' secrets at once, without a recovery window. Default false. */
  forceDelete?: boolean;
  /** Use this client (it stays open on `close()`: the caller owns it). */
  client?: SecretsManagerClient;
  /** Configuration of the client the store creates (ignored with `client`). */
  clientConfig?: SecretsManagerClientConfig;
  /**
   * How long a save that crashed between claiming a unique key and writing its token blocks
   * that key for other saves, in milliseconds. Default 60 000. Must exceed the longest save.
   */
  claimTimeoutMs?: number;
}

const DEFAULT_PREFIX = 'tokenstore/';
const DEFAULT_RECOVERY_WINDOW_DAYS = 7;
const DEFAULT_CLAIM_TIMEOUT_MS = 60_000;
const DEFAULT_OPERATION_TIMEOUT_MS = 10_000;

function removalOf(options: SecretsManagerTokenStoreOptions): Removal {
  if (options.forceDelete === true) return { force: true };
  const days = options.recoveryWindowInDays ?? DEFAULT_RECOVERY_WINDOW_DAYS;
  if (!Number.isInteger(days) || days < 7 || days > 30) {
    throw new RangeError(
      'SecretsManagerTokenStore: recoveryWindowInDays must be an integer from 7 to 30',
    );
  }
  return { recoveryWindowInDays: days };
}

function createClient(options: SecretsManagerTokenStoreOptions): SecretsManagerClient {
  const timeout = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  return new SecretsManagerClient({
    // Throttling (about 50 writes/s per region) is retried with backoff and jitter; adaptive
    // mode also slows this client down while the service throttles it.
    retryMode: 'adaptive',
    maxAttempts: 5,
    // No request hangs for ever, even with operationTimeoutMs 0 (and a hung one is dropped,
    // not left open after the store has given up on it).
    requestHandler: {
      connectionTimeout: 5_000,
      requestTimeout: timeout > 0 ? timeout : 30_000,
      throwOnRequestTimeout: true,
    },
    ...(options.region === undefined ? {} : { region: options.region }),
    ...options.clientConfig,
  });
}

/**
 * A token store in AWS Secrets Manager: each token is one secret named by a digest of its id,
 * each unique key one small index secret, so a lookup reads two secrets whatever the number of
 * tokens; compare-and-set saves on secret versions. A token too large for a secret (64 KiB,
 * compressed) is rejected with `INVALID_TOKEN` before anything is written. No token value
 * appears in any secret's name, description or tags.
 */
export class SecretsManagerTokenStore extends BackedTokenStore {
  constructor(options: SecretsManagerTokenStoreOptions = {}) {
    const names = new SecretNames(options.prefix ?? DEFAULT_PREFIX);
    const removal = removalOf(options);
    const claimTimeoutMs = options.claimTimeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS;
    if (!Number.isSafeInteger(claimTimeoutMs) || claimTimeoutMs < 1) {
      throw new RangeError('SecretsManagerTokenStore: claimTimeoutMs must be a positive integer');
    }
    // Core's options too, before the client is created: a refused constructor builds nothing.
    checkBackedStoreOptions(options);
    const ownedClient = options.client === undefined ? createClient(options) : null;
    const client = options.client ?? (ownedClient as SecretsManagerClient);
    const tags = options.tags === undefined ? undefined : Object.entries(options.tags);
    const api = new SecretsApi(client, {
      kmsKeyId: options.kmsKeyId,
      tags: tags?.map(([Key, Value]) => ({ Key, Value })),
    });
    const timeout = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    const region = options.region ?? options.clientConfig?.region;
    super(
      new SecretsManagerBackend({
        api,
        names,
        ownedClient,
        removal,
        claimTimeoutMs,
        // Waiting for another writer's unfinished claim stays well inside one operation.
        waitMs: Math.min(5_000, timeout > 0 ? timeout / 2 : 5_000),
        region: typeof region === 'string' ? region : undefined,
      }),
      options,
    );
  }
}
