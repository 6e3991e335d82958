import { memoryTarget } from './memory.js';
import { mongoTarget } from './mongo.js';
import { mysqlTarget } from './mysql.js';
import { postgresTarget } from './postgres.js';
import { redisTarget } from './redis.js';
import { sqliteTarget } from './sqlite.js';
import type { BenchTarget } from './target.js';

/** Every backend the benchmark knows, in report order (Secrets Manager is counted, not timed). */
export const TARGETS: readonly BenchTarget[] = [
  memoryTarget,
  sqliteTarget,
  redisTarget,
  mongoTarget,
  postgresTarget,
  mysqlTarget,
];
