import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { randomPrefix, useMoto } from './helpers/moto.js';

// What the store relies on from the service, checked on the emulator the tests run against.
const { client } = await useMoto();

async function errorName(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'no error';
  } catch (error) {
    return (error as Error).name;
  }
}

const current = (SecretId: string) =>
  client.send(new GetSecretValueCommand({ SecretId, VersionStage: 'AWSCURRENT' }));

describe('the service behaviours the store relies on', () => {
  it('moving AWSCURRENT from a version that no longer has it is refused: one writer wins', async () => {
    const name = `${randomPrefix()}cas`;
    const first = await client.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    const read = first.VersionId!;
    // Two writers read the same version and each writes a pending version.
    const [a, b] = [randomUUID(), randomUUID()];
    for (const [id, text] of [
      [a, 'by a'],
      [b, 'by b'],
    ] as const) {
      await client.send(
        new PutSecretValueCommand({
          SecretId: name,
          SecretString: text,
          ClientRequestToken: id,
          VersionStages: ['TOKENSTORE_PENDING'],
        }),
      );
    }
    expect((await current(name)).SecretString).toBe('v1'); // a pending version is not current
    const move = (to: string) =>
      client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: name,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: to,
          RemoveFromVersionId: read,
        }),
      );
    // b's move wins (a version without a stage label can still be made current); a's, from the
    // same read version, is refused.
    await move(b);
    expect(await errorName(move(a))).toBe('InvalidParameterException');
    expect((await current(name)).SecretString).toBe('by b');
  });

  it('a read that names AWSCURRENT sees a stage move (moto keeps the unstaged read on the first version)', async () => {
    const name = `${randomPrefix()}stage`;
    const first = await client.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    const next = randomUUID();
    await client.send(
      new PutSecretValueCommand({
        SecretId: name,
        SecretString: 'v2',
        ClientRequestToken: next,
        VersionStages: ['TOKENSTORE_PENDING'],
      }),
    );
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: name,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: next,
        RemoveFromVersionId: first.VersionId!,
      }),
    );
    expect((await current(name)).SecretString).toBe('v2');
  });

  it('a name scheduled for deletion cannot be created again, read or deleted again, but restored', async () => {
    const name = `${randomPrefix()}window`;
    await client.send(new CreateSecretCommand({ Name: name, SecretString: 'old' }));
    await client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    // moto: ResourceExistsException; AWS answers InvalidRequestException. The store takes both.
    expect(
      await errorName(client.send(new CreateSecretCommand({ Name: name, SecretString: 'new' }))),
    ).toBe('ResourceExistsException');
    expect(await errorName(current(name))).toBe('InvalidRequestException');
    expect(
      await errorName(
        client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 })),
      ),
    ).toBe('InvalidRequestException');
    await client.send(new RestoreSecretCommand({ SecretId: name }));
    expect((await current(name)).SecretString).toBe('old');
  });

  it('deleting by full ARN removes that secret, never a later one of the same name', async () => {
    const name = `${randomPrefix()}arn`;
    const old = await client.send(new CreateSecretCommand({ Name: name, SecretString: 'old' }));
    await client.send(
      new DeleteSecretCommand({ SecretId: old.ARN!, ForceDeleteWithoutRecovery: true }),
    );
    const fresh = await client.send(new CreateSecretCommand({ Name: name, SecretString: 'new' }));
    expect(fresh.ARN).not.toBe(old.ARN);
    // A late delete of the old one (moto answers OK for an unknown name, AWS ResourceNotFound).
    await client
      .send(new DeleteSecretCommand({ SecretId: old.ARN!, ForceDeleteWithoutRecovery: true }))
      .catch(() => undefined);
    expect((await current(name)).SecretString).toBe('new');
  });

  it('CreateSecret is the arbiter: of concurrent creations of one name exactly one succeeds', async () => {
    const name = `${randomPrefix()}race`;
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        client.send(new CreateSecretCommand({ Name: name, SecretString: `w${i}` })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('the ListSecrets name filter is a case-sensitive prefix match', async () => {
    const base = randomPrefix();
    const upper = base.replace('t/', 'T/');
    for (const name of [`${base}r/a`, `${base}r/b`, `${upper}r/c`, `x/${base}r/d`, `${base}k/e`]) {
      await client.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    }
    const listed = await client.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [`${base}r/`] }] }),
    );
    expect(listed.SecretList?.map((s) => s.Name).sort()).toEqual([`${base}r/a`, `${base}r/b`]);
  });
});
