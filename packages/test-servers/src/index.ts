/**
 * Real servers for adapter tests, on loopback: redis-server (single node and a 3-master
 * cluster), FerretDB v1.24.2 (MongoDB wire protocol), moto_server (AWS Secrets Manager),
 * PostgreSQL and MariaDB.
 * Install them with scripts/install-test-servers. Every server started here is SIGKILLed when
 * the test process exits.
 */
export { cacheDir, findBinary } from './binaries.js';
export { isLoopbackHost } from './external.js';
export { type MongoServer, startFerretDB } from './ferretdb.js';
export { closedPort, freePort } from './free-port.js';
export {
  MARIADB_DATABASE,
  type MariaDbOptions,
  type MariaDbServer,
  startMariaDb,
} from './mariadb.js';
export { type BsonDocument, type BsonValue, mongoCommand, mongoPing } from './mongo-wire.js';
export { type HttpRequestOptions, httpRequest, type MotoServer, startMoto } from './moto.js';
export { failingCalls, rejection, shownAnywhere } from './operator-errors.js';
export {
  debianPostgresBinDirs,
  type PostgresOptions,
  type PostgresServer,
  startPostgres,
} from './postgres.js';
export { type RedisOptions, type RedisServer, startRedis } from './redis.js';
export {
  type RedisClusterNode,
  type RedisClusterServer,
  startRedisCluster,
} from './redis-cluster.js';
export { type RespValue, redisCommand, redisPing } from './redis-protocol.js';
export type { RestartableServer } from './restartable-server.js';
export { type ChildExit, runChild } from './run-child.js';
export { type MiddlewareClient, SdkCallCounter } from './sdk-call-counter.js';
export { type StallingProxy, startStallingProxy } from './stalling-proxy.js';
