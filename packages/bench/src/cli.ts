import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { acrossRuns } from './across-runs.js';
import { describeMachine } from './machine.js';
import { PROFILES } from './profiles.js';
import { writeCharts } from './report/charts.js';
import { resultsMarkdown, terminalReport, writeBenchmarksFile } from './report/markdown.js';
import type { BenchResults } from './results.js';
import { runBench, TARGET_NAMES } from './run.js';
import { readRunFile, writeRunFile } from './run-files.js';

const USAGE = `Usage: pnpm bench [--quick] [--runs N] [--only memory,sqlite,...] [--write | --no-write] [--out FILE]
       pnpm bench --from FILE[,FILE...] [--write | --no-write] [--out FILE]

Benchmarks every tokenstore store against its raw driver, on servers it starts on loopback.
  --quick        smaller sizes and fewer iterations (under two minutes); prints only
  --runs N       repeat the whole run N times and report the median ratio with its spread over
                 runs (default: 2 for the full run, 1 with --quick)
  --only LIST    comma-separated targets: ${TARGET_NAMES.join(', ')}
  --write        write BENCHMARKS.md, the charts and results JSON (default for the full run)
  --no-write     only print
  --out FILE     the markdown file to update (default: BENCHMARKS.md at the repository root)
  --from FILES   measure nothing: report on runs saved earlier (each run of a written bench is
                 saved as results/runs/run-<start>.json as soon as it ends)
  -h, --help     this text`;

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageDir, '..', '..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      runs: { type: 'string' },
      write: { type: 'boolean' },
      out: { type: 'string' },
      from: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowNegative: true,
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const only = (values.only ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = only.filter((name) => !TARGET_NAMES.includes(name));
  if (unknown.length > 0) {
    console.error(`unknown target ${unknown.join(', ')}; known: ${TARGET_NAMES.join(', ')}`);
    return 2;
  }
  const profile = values.quick ? PROFILES.quick : PROFILES.full;
  const runs = values.runs === undefined ? profile.runs : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`--runs takes a whole number of at least 1, not ${values.runs}`);
    return 2;
  }
  const write = values.write ?? !values.quick;
  const log = (line: string) =>
    console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const runsDir = join(packageDir, 'results', 'runs');

  const each: BenchResults[] = [];
  if (values.from !== undefined) {
    for (const file of values.from.split(',').filter((f) => f.trim() !== '')) {
      each.push(readRunFile(resolve(file.trim())));
    }
    if (each.length === 0) {
      console.error('--from takes at least one run file');
      return 2;
    }
  } else {
    for (let run = 1; run <= runs; run++) {
      if (runs > 1) log(`run ${run} of ${runs}`);
      const result = await runBench({ profile, only, log });
      each.push(result);
      if (write) log(`saved run ${run}: ${relative(repoRoot, writeRunFile(runsDir, result))}`);
    }
  }
  const results = acrossRuns(each);
  const machine = await describeMachine();
  console.log(terminalReport(results, machine));

  if (write) {
    const resultsDir = join(packageDir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const out = resolve(values.out ?? join(repoRoot, 'BENCHMARKS.md'));
    const charts = await writeCharts(results, resultsDir);
    writeFileSync(
      join(resultsDir, 'results.json'),
      `${JSON.stringify({ machine, results }, null, 2)}\n`,
    );
    writeBenchmarksFile(out, resultsMarkdown(results, machine, relative(dirname(out), resultsDir)));
    log(
      `wrote ${[out, ...charts, join(resultsDir, 'results.json')].map((f) => relative(repoRoot, f)).join(', ')}`,
    );
  }
  return results.skipped.some((s) => s.failed) ? 1 : 0;
}

main().then(
  (code) => {
    // Servers were stopped; any client left open must not keep the process alive.
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
