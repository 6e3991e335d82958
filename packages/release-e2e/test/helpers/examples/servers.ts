import {
  type MariaDbServer,
  type MongoServer,
  type MotoServer,
  type PostgresServer,
  type RedisServer,
  startFerretDB,
  startMariaDb,
  startMoto,
  startPostgres,
  startRedis,
} from '@tokenstore/test-servers';
import type { ServerKind } from './extract.js';

/**
 * The test servers README examples run against, started on first use. An example annotated
 * `server=KIND` is written with the documented default address of that server, which is replaced
 * by the test server's before it runs:
 *
 * | kind    | in the README                                           | replaced by              |
 * |---------|---------------------------------------------------------|--------------------------|
 * | `redis` | `redis://127.0.0.1:6379`, `port: 6379`                  | redis-server's URL, port |
 * | `mongo` | `mongodb://127.0.0.1:27017`                             | FerretDB's URL           |
 * | `postgres` | `postgres://USER:PASSWORD@127.0.0.1:5432/DATABASE`   | postgres' URL            |
 * | `mysql` | `mysql://USER:PASSWORD@127.0.0.1:3306/DATABASE`         | MariaDB's URL            |
 * | `moto`  | nothing: the AWS SDK reads `AWS_ENDPOINT_URL_SECRETS_MANAGER` and credentials from the environment, which point at moto_server | |
 */
export class ExampleServers {
  #redis: Promise<RedisServer> | undefined;
  #mongo: Promise<MongoServer> | undefined;
  #moto: Promise<MotoServer> | undefined;
  #postgres: Promise<PostgresServer> | undefined;
  #mysql: Promise<MariaDbServer> | undefined;

  /** The code to run and the environment to run it in, for an example that needs `kind`. */
  async prepare(
    kind: ServerKind | undefined,
    code: string,
  ): Promise<{ code: string; env: NodeJS.ProcessEnv }> {
    if (kind === 'redis') {
      this.#redis ??= startRedis();
      const redis = await this.#redis;
      return {
        code: code
          .replaceAll('redis://127.0.0.1:6379', `redis://127.0.0.1:${redis.port}`)
          .replaceAll('port: 6379', `port: ${redis.port}`),
        env: {},
      };
    }
    if (kind === 'mongo') {
      this.#mongo ??= startFerretDB();
      const mongo = await this.#mongo;
      return { code: code.replaceAll('mongodb://127.0.0.1:27017', mongo.url), env: {} };
    }
    if (kind === 'postgres') {
      this.#postgres ??= startPostgres();
      const { url } = await this.#postgres;
      return {
        code: code.replaceAll(/postgres:\/\/[^'"`\s@]*@127\.0\.0\.1:5432\/\w+/g, url),
        env: {},
      };
    }
    if (kind === 'mysql') {
      this.#mysql ??= startMariaDb();
      const { url } = await this.#mysql;
      return {
        code: code.replaceAll(/mysql:\/\/[^'"`\s@]*@127\.0\.0\.1:3306\/\w+/g, url),
        env: {},
      };
    }
    if (kind === 'moto') {
      this.#moto ??= startMoto();
      const moto = await this.#moto;
      return {
        code,
        env: {
          AWS_ENDPOINT_URL_SECRETS_MANAGER: moto.endpoint,
          AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey,
          AWS_REGION: moto.region,
        },
      };
    }
    return { code, env: {} };
  }

  async stop(): Promise<void> {
    const started = [this.#redis, this.#mongo, this.#moto, this.#postgres, this.#mysql].filter(
      (p) => p !== undefined,
    );
    await Promise.all(started.map(async (server) => (await server).stop()));
  }
}
