import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, type MotoServer, startMoto } from '../src/index.js';
import { canBind } from './helpers.js';

/** One Secrets Manager JSON API call, without the SDK (moto reads the service from the scope). */
async function secretsManager(
  moto: MotoServer,
  action: string,
  input: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { status, body } = await httpRequest(`${moto.endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `secretsmanager.${action}`,
      authorization: `AWS4-HMAC-SHA256 Credential=${moto.credentials.accessKeyId}/20240101/${moto.region}/secretsmanager/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(input),
  });
  return { status, body: JSON.parse(body) as Record<string, unknown> };
}

describe('startMoto', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('serves the Secrets Manager API on loopback', async () => {
    expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(moto).toMatchObject({
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      external: false,
    });
    const created = await secretsManager(moto, 'CreateSecret', { Name: 'a', SecretString: 's' });
    expect(created.status).toBe(200);
    expect(created.body.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:/);
    const again = await secretsManager(moto, 'CreateSecret', { Name: 'a', SecretString: 's' });
    expect(again.body.__type).toBe('ResourceExistsException');
    const read = await secretsManager(moto, 'GetSecretValue', { SecretId: 'a' });
    expect(read.body.SecretString).toBe('s');
  });

  it('reset() drops all state', async () => {
    await secretsManager(moto, 'CreateSecret', { Name: 'b', SecretString: 's' });
    await moto.reset();
    const read = await secretsManager(moto, 'GetSecretValue', { SecretId: 'b' });
    expect(read.body.__type).toBe('ResourceNotFoundException');
  });

  it('stop() frees the port', async () => {
    const other = await startMoto();
    const port = Number(new URL(other.endpoint).port);
    expect(await canBind(port)).toBe(false);
    await other.stop();
    expect(await canBind(port)).toBe(true);
  });
});
