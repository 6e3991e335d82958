import { randomUUID } from 'node:crypto';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  type SecretsManagerClient,
  type Tag,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { hasCode, sanitizeError } from './service-error.js';

/** The stage a new version gets until the compare-and-set moves AWSCURRENT onto it. */
export const PENDING_STAGE = 'TOKENSTORE_PENDING';
const CURRENT_STAGE = 'AWSCURRENT';
/** BatchGetSecretValue takes at most this many secret ids. */
export const BATCH_LIMIT = 20;
/** ListSecrets returns at most this many names per page. */
export const LIST_LIMIT = 100;

/** A secret's value: text (SecretString) or bytes (SecretBinary). */
export type SecretValue = string | Uint8Array;

function valueField(value: SecretValue): { SecretString: string } | { SecretBinary: Uint8Array } {
  return typeof value === 'string' ? { SecretString: value } : { SecretBinary: value };
}

/** The current version of a secret. */
export interface SecretRead {
  readonly name: string;
  readonly arn: string;
  readonly value: SecretValue;
  readonly versionId: string;
  /** When this version was written (server clock). */
  readonly createdAt: number;
}

/** What a read of one secret finds: its current version, nothing, or a secret being deleted. */
export type ReadResult = SecretRead | 'missing' | 'deleted';

/** What is attached to every secret this store creates. */
export interface CreateSettings {
  readonly kmsKeyId: string | undefined;
  readonly tags: readonly Tag[] | undefined;
}

/** How a secret is deleted: after a recovery window, or at once. */
export type Removal = { readonly force: true } | { readonly recoveryWindowInDays: number };

interface SdkSecretValue {
  Name?: string | undefined;
  ARN?: string | undefined;
  SecretString?: string | undefined;
  SecretBinary?: Uint8Array | undefined;
  VersionId?: string | undefined;
  VersionStages?: string[] | undefined;
  CreatedDate?: Date | undefined;
}

function toRead(name: string, value: SdkSecretValue): ReadResult {
  const stored = value.SecretString ?? value.SecretBinary;
  if (stored === undefined || value.VersionId === undefined) return 'missing';
  return {
    name,
    arn: value.ARN ?? '',
    value: stored,
    versionId: value.VersionId,
    createdAt: value.CreatedDate?.getTime() ?? 0,
  };
}

/**
 * The Secrets Manager calls this store makes, each one SDK command, with every SDK error
 * replaced by a sanitized {@link SecretsManagerCallError} and the expected outcomes (exists,
 * missing, stale) returned as values.
 */
export class SecretsApi {
  readonly #client: SecretsManagerClient;
  readonly #settings: CreateSettings;

  constructor(client: SecretsManagerClient, settings: CreateSettings) {
    this.#client = client;
    this.#settings = settings;
  }

  /**
   * The current version. Asks for AWSCURRENT explicitly: the version returned without a stage is
   * not always the current one (moto keeps returning the first version after a stage move).
   * `signal`: core's, for a read done for a caller (reads within a write are not cancelled).
   */
  async read(secretId: string, signal?: AbortSignal): Promise<ReadResult> {
    try {
      const value = await this.#send('GetSecretValue', () =>
        this.#client.send(
          new GetSecretValueCommand({ SecretId: secretId, VersionStage: CURRENT_STAGE }),
          // Aborted once the store gave up on the call: the SDK then drops the request (and its
          // retries) instead of waiting on a service that does not answer.
          signal === undefined ? undefined : { abortSignal: signal },
        ),
      );
      return toRead(value.Name ?? secretId, value);
    } catch (error) {
      if (hasCode(error, 'ResourceNotFoundException')) return 'missing';
      // A secret scheduled for deletion cannot be read until it is restored.
      if (hasCode(error, 'InvalidRequestException')) return 'deleted';
      throw error;
    }
  }

  /**
   * Creates the secret if no secret has the name. `exists` also when the name belongs to a
   * secret scheduled for deletion (AWS answers InvalidRequestException, moto
   * ResourceExistsException).
   */
  async create(
    name: string,
    value: SecretValue,
    description: string,
  ): Promise<{ arn: string; versionId: string } | 'exists'> {
    const versionId = randomUUID();
    try {
      const created = await this.#send('CreateSecret', () =>
        this.#client.send(
          new CreateSecretCommand({
            Name: name,
            ...valueField(value),
            ClientRequestToken: versionId,
            Description: description,
            ...(this.#settings.kmsKeyId === undefined ? {} : { KmsKeyId: this.#settings.kmsKeyId }),
            ...(this.#settings.tags === undefined ? {} : { Tags: [...this.#settings.tags] }),
          }),
        ),
      );
      return { arn: created.ARN ?? '', versionId: created.VersionId ?? versionId };
    } catch (error) {
      if (hasCode(error, 'ResourceExistsException', 'InvalidRequestException')) return 'exists';
      throw error;
    }
  }

  /**
   * Compare-and-set of the whole value: writes a new version under a pending stage (AWSCURRENT
   * stays where it is), then moves AWSCURRENT onto it only from `fromVersionId`. The service
   * refuses the move when AWSCURRENT has left that version, so of writers that read the same
   * version exactly one wins. Returns the new version id, or null when the secret moved on or is
   * gone (nothing visible changed).
   */
  async compareAndSet(
    name: string,
    value: SecretValue,
    fromVersionId: string,
  ): Promise<string | null> {
    const versionId = randomUUID();
    try {
      await this.#send('PutSecretValue', () =>
        this.#client.send(
          new PutSecretValueCommand({
            SecretId: name,
            ...valueField(value),
            ClientRequestToken: versionId,
            VersionStages: [PENDING_STAGE],
          }),
        ),
      );
      await this.#send('UpdateSecretVersionStage', () =>
        this.#client.send(
          new UpdateSecretVersionStageCommand({
            SecretId: name,
            VersionStage: CURRENT_STAGE,
            MoveToVersionId: versionId,
            RemoveFromVersionId: fromVersionId,
          }),
        ),
      );
      return versionId;
    } catch (error) {
      // AWSCURRENT is not on fromVersionId any more (moto: InvalidParameterException), or the
      // secret is gone or scheduled for deletion.
      if (
        hasCode(
          error,
          'InvalidParameterException',
          'InvalidRequestException',
          'ResourceNotFoundException',
        )
      ) {
        return null;
      }
      throw error;
    }
  }

  /** Writes a new current version unconditionally. False when the secret is gone. */
  async overwrite(name: string, value: SecretValue): Promise<boolean> {
    try {
      await this.#send('PutSecretValue', () =>
        this.#client.send(
          new PutSecretValueCommand({
            SecretId: name,
            ...valueField(value),
            ClientRequestToken: randomUUID(),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (hasCode(error, 'InvalidRequestException', 'ResourceNotFoundException')) return false;
      throw error;
    }
  }

  /** Deletes by name or by full ARN. False when there was nothing (left) to delete. */
  async remove(secretId: string, removal: Removal): Promise<boolean> {
    try {
      await this.#send('DeleteSecret', () =>
        this.#client.send(
          new DeleteSecretCommand({
            SecretId: secretId,
            ...('force' in removal
              ? { ForceDeleteWithoutRecovery: true }
              : { RecoveryWindowInDays: removal.recoveryWindowInDays }),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (hasCode(error, 'InvalidRequestException', 'ResourceNotFoundException')) return false;
      throw error;
    }
  }

  /** Cancels a scheduled deletion. False when the secret is not (or no longer) there. */
  async restore(name: string): Promise<boolean> {
    try {
      await this.#send('RestoreSecret', () =>
        this.#client.send(new RestoreSecretCommand({ SecretId: name })),
      );
      return true;
    } catch (error) {
      if (hasCode(error, 'InvalidRequestException', 'ResourceNotFoundException')) return false;
      throw error;
    }
  }

  /** One page of the names starting with `prefix` (not those scheduled for deletion). */
  async listNames(
    prefix: string,
    maxResults: number,
    nextToken: string | undefined,
  ): Promise<{ names: string[]; nextToken: string | undefined }> {
    const page = await this.#send('ListSecrets', () =>
      this.#client.send(
        new ListSecretsCommand({
          Filters: [{ Key: 'name', Values: [prefix] }],
          MaxResults: maxResults,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      ),
    );
    const names = (page.SecretList ?? []).flatMap((entry) =>
      entry.Name === undefined ? [] : [entry.Name],
    );
    return { names, nextToken: page.NextToken || undefined };
  }

  /**
   * The current versions of up to {@link BATCH_LIMIT} secrets in one call; secrets gone in the
   * meantime are left out. A value the batch returns that is not AWSCURRENT (moto returns the
   * first version) is read again on its own.
   */
  async readMany(names: readonly string[]): Promise<SecretRead[]> {
    if (names.length === 0) return [];
    const batch = await this.#send('BatchGetSecretValue', () =>
      this.#client.send(new BatchGetSecretValueCommand({ SecretIdList: [...names] })),
    );
    const reads: SecretRead[] = [];
    for (const value of batch.SecretValues ?? []) {
      const name = value.Name ?? '';
      const read = value.VersionStages?.includes(CURRENT_STAGE)
        ? toRead(name, value)
        : await this.read(name);
      if (typeof read === 'object') reads.push(read);
    }
    return reads;
  }

  async #send<T>(command: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw sanitizeError(command, error);
    }
  }
}
