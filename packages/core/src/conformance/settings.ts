import type { ConformanceOptions } from './types.js';

/**
 * The seed of this release of the suite: every run is the same run unless a seed is given, so a
 * store that passes in CI passes again on the next commit, and a failure reproduces.
 */
export const DEFAULT_SEED = 1_402_026;
/** Model-based runs per case by default: enough to cross page sizes, fast on slow servers. */
export const DEFAULT_RUNS = 6;
/** Longest run of one case by default (real servers on a loaded machine are slow). */
export const DEFAULT_TIMEOUT_MS = 120_000;

export const SEED_ENV = 'TOKENSTORE_CONFORMANCE_SEED';
export const RUNS_ENV = 'TOKENSTORE_CONFORMANCE_RUNS';

function fromEnv(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be an integer, is ${JSON.stringify(text)}`);
  }
  return value;
}

function checked(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`conformance option ${name} must be an integer >= ${min}`);
  }
  return value;
}

/** The seed generated cases use: the option, else the env variable, else the release's. */
export function seedOf(options: ConformanceOptions): number {
  return checked('seed', options.seed ?? fromEnv(SEED_ENV) ?? DEFAULT_SEED, -(2 ** 31));
}

/** Model-based runs per case: the option, else the env variable, else the default. */
export function runsOf(options: ConformanceOptions): number {
  return checked('runs', options.runs ?? fromEnv(RUNS_ENV) ?? DEFAULT_RUNS, 1);
}

/** The model-based case's shrinking budget in milliseconds. */
export function shrinkTimeOf(options: ConformanceOptions): number {
  return checked('shrinkTimeMs', options.shrinkTimeMs ?? 30_000, 0);
}

/** The per-case timeout in milliseconds. */
export function timeoutOf(options: ConformanceOptions): number {
  return checked('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1);
}
