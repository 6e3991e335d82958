import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './results.js';

/**
 * Writes one finished run to `dir/run-<startedAt>.json` and returns the path. A full bench is
 * several runs of 20+ minutes each: written as each ends, a crash or a kill in a later run
 * loses only that run, and `--from` can report on the ones kept.
 */
export function writeRunFile(dir: string, run: BenchResults): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `run-${run.startedAt.replaceAll(':', '-')}.json`);
  writeFileSync(path, `${JSON.stringify(run)}\n`);
  return path;
}

/** Reads runs written by `writeRunFile`; throws naming the file that is not one. */
export function readRunFile(path: string): BenchResults {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not a bench run file (${(error as Error).message})`);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as { startedAt?: unknown }).startedAt !== 'string' ||
    !Array.isArray((parsed as { targets?: unknown }).targets)
  ) {
    throw new Error(`${path}: not a bench run file (no startedAt or targets)`);
  }
  return parsed as BenchResults;
}
