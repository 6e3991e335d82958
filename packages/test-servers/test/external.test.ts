import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFerretDB, startMariaDb, startMoto, startPostgres, startRedis } from '../src/index.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('env overrides', () => {
  it('REDIS_URL gives a handle to that server; stop() is a no-op, restart() and kill() throw', async () => {
    vi.stubEnv('REDIS_URL', 'redis://127.0.0.1:6390/2');
    const redis = await startRedis();
    expect(redis).toMatchObject({
      url: 'redis://127.0.0.1:6390/2',
      host: '127.0.0.1',
      port: 6390,
      external: true,
      dir: undefined,
    });
    await expect(redis.stop()).resolves.toBeUndefined();
    await expect(redis.restart()).rejects.toThrow(/fault tests .* need a self-started server/);
    await expect(redis.kill()).rejects.toThrow(/unset REDIS_URL/);
  });

  it('MONGODB_URL may list several loopback hosts', async () => {
    vi.stubEnv('MONGODB_URL', 'mongodb://u:p@localhost:27018,127.0.0.2:27019/db?replicaSet=rs');
    const mongo = await startFerretDB();
    expect(mongo).toMatchObject({ host: 'localhost', port: 27018, external: true });
    await expect(mongo.restart()).rejects.toThrow(/MONGODB_URL/);
  });

  it('AWS_ENDPOINT_URL_SECRETS_MANAGER gives a handle to that endpoint', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', 'http://localhost:5055/');
    const moto = await startMoto();
    expect(moto).toMatchObject({ endpoint: 'http://localhost:5055', external: true });
    expect(moto.region).toBe('us-east-1');
  });

  it('POSTGRES_URL and MYSQL_URL give handles to those servers', async () => {
    vi.stubEnv('POSTGRES_URL', 'postgres://u:p@127.0.0.1:5433/db');
    const postgres = await startPostgres();
    expect(postgres).toMatchObject({ url: 'postgres://u:p@127.0.0.1:5433/db', port: 5433 });
    expect(postgres.external).toBe(true);
    await expect(postgres.restart()).rejects.toThrow(/unset POSTGRES_URL/);
    vi.stubEnv('MYSQL_URL', 'mysql://root@localhost/db');
    const mysql = await startMariaDb();
    expect(mysql).toMatchObject({ host: 'localhost', port: 3306, external: true });
    await expect(mysql.kill()).rejects.toThrow(/unset MYSQL_URL/);
    vi.stubEnv('MYSQL_URL', 'mysql://root@db.example.com:3306/db');
    await expect(startMariaDb()).rejects.toThrow(/only talk to loopback hosts.*db\.example\.com/);
  });

  it('refuses hosts that are not loopback', async () => {
    vi.stubEnv('REDIS_URL', 'redis://10.1.2.3:6379');
    await expect(startRedis()).rejects.toThrow(/only talk to loopback hosts.*10\.1\.2\.3/);
    vi.stubEnv('MONGODB_URL', 'mongodb://127.0.0.1:27017,db.example.com:27017/');
    await expect(startFerretDB()).rejects.toThrow(/db\.example\.com/);
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', 'http://192.168.0.10:5000');
    await expect(startMoto()).rejects.toThrow(/192\.168\.0\.10/);
  });
});
