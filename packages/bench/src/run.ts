import { loadavg } from 'node:os';
import { measureHeap } from './heap.js';
import type { Profile } from './profiles.js';
import type { BenchResults, SkippedTarget, TargetResult } from './results.js';
import { emptyResult, type Log, runTarget } from './run-target.js';
import { countSecretsManagerCalls } from './secrets-manager-calls.js';
import { measureSqliteProcesses } from './sqlite-processes.js';
import { TARGETS } from './targets/index.js';
import type { OpenTarget } from './targets/target.js';

/** What to run. */
export interface RunOptions {
  readonly profile: Profile;
  /** Target names to run (`memory`, `sqlite`, `redis`, `mongo`, `secrets-manager`); all when empty. */
  readonly only: readonly string[];
  readonly log: Log;
}

/** The names `--only` accepts. */
export const TARGET_NAMES = [
  ...TARGETS.map((target) => target.name),
  'sqlite-processes',
  'secrets-manager',
];

function reason(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/**
 * Runs the selected benchmarks one target at a time (each server is started, measured and
 * stopped before the next, so they never compete for the two cores), then the memory store's
 * heap and the Secrets Manager call counts.
 */
export async function runBench({ profile, only, log }: RunOptions): Promise<BenchResults> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadavg()[0] ?? Number.NaN;
  const selected = (name: string) => only.length === 0 || only.includes(name);
  const targets: TargetResult[] = [];
  const skipped: SkippedTarget[] = [];

  for (const target of TARGETS.filter((t) => selected(t.name))) {
    let open: OpenTarget;
    try {
      open = await target.open();
    } catch (error) {
      log(`${target.name}: skipped: ${reason(error)}`);
      skipped.push({ target: target.name, reason: reason(error) });
      continue;
    }
    const result = emptyResult(target, profile, open.raw.label);
    try {
      await runTarget(target, open, profile, log, result);
      targets.push(result);
    } catch (error) {
      if (result.pairs.length > 0) targets.push(result);
      log(`${target.name}: failed: ${reason(error)}`);
      skipped.push({
        target: target.name,
        reason: `failed while running: ${reason(error)}`,
        failed: true,
      });
    } finally {
      await open.close();
    }
  }

  let heap: BenchResults['heap'];
  if (selected('memory') && profile.heapTokens > 0) {
    log(`memory: heap for ${profile.heapTokens} tokens`);
    heap = await measureHeap(profile.heapTokens);
  }

  let sqliteProcesses: BenchResults['sqliteProcesses'];
  if (selected('sqlite-processes') && profile.sqliteProcesses.processes > 0) {
    try {
      sqliteProcesses = await measureSqliteProcesses(profile.sqliteProcesses, log);
    } catch (error) {
      log(`sqlite-processes: failed: ${reason(error)}`);
      sqliteProcesses = { target: 'sqlite-processes', reason: reason(error), failed: true };
      skipped.push(sqliteProcesses);
    }
  }

  let secretsManager: BenchResults['secretsManager'];
  if (selected('secrets-manager') && profile.secretsManagerTokens > 0) {
    try {
      secretsManager = await countSecretsManagerCalls(profile.secretsManagerTokens, log);
    } catch (error) {
      log(`secrets-manager: skipped: ${reason(error)}`);
      secretsManager = { target: 'secrets-manager', reason: reason(error) };
    }
  }

  return {
    profile: profile.name,
    startedAt,
    durationMs: performance.now() - started,
    loadAverageAtStart,
    loadAverageAtEnd: loadavg()[0] ?? Number.NaN,
    targets,
    skipped,
    heap,
    sqliteProcesses,
    secretsManager,
  };
}
