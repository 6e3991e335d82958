import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Machine } from '../machine.js';
import type { BenchResults } from '../results.js';
import { costModel } from './cost-model.js';
import {
  callsTable,
  concurrencyTable,
  heapTable,
  overheadTable,
  peersTable,
  processesTable,
  scalingTable,
  seedingTable,
  serverTable,
  skippedTable,
} from './tables.js';

export const START =
  '<!-- bench:results:start (written by pnpm bench; edit outside these markers) -->';
export const END = '<!-- bench:results:end -->';

function machineLines(machine: Machine, results: BenchResults): string {
  const versions = Object.entries(machine.versions)
    .map(([name, version]) => `\`${name}\` ${version}`)
    .join(', ');
  const load = (at: number, end: number | undefined) =>
    `${at.toFixed(1)}–${(end ?? machine.loadAverage).toFixed(1)}`;
  const runs =
    results.runs === undefined
      ? `- Run: \`${results.profile}\` profile, ${machine.date}, took ${(results.durationMs / 60_000).toFixed(1)} min, 1-minute load average ${load(results.loadAverageAtStart, results.loadAverageAtEnd)} (start–end).`
      : `- Runs: ${results.runs.length} of the \`${results.profile}\` profile, ${machine.date}, ${(results.durationMs / 60_000).toFixed(1)} min in all; each ratio is the median over runs, "spread over runs" their lowest and highest. ${results.runs
          .map(
            (run, i) =>
              `Run ${i + 1}: ${run.startedAt.slice(11, 16)} UTC, ${(run.durationMs / 60_000).toFixed(1)} min, load ${load(run.loadAverageAtStart, run.loadAverageAtEnd)}.`,
          )
          .join(' ')}`;
  return [
    runs,
    `- Machine: ${machine.cores} cores (\`nproc\`), ${machine.cpu}, ${machine.ramGiB} GiB RAM, Node ${machine.node}. A **shared 2-core machine** (a load average above 2 means other work competed for the cores), so take single numbers as ±20 %; the ratios are steadier, as store and raw run interleaved in the same rounds.`,
    `- Versions: ${versions}.`,
  ].join('\n');
}

/** The generated results section: machine, every table, the charts. */
export function resultsMarkdown(
  results: BenchResults,
  machine: Machine,
  chartDir: string | undefined,
): string {
  const sections = [
    machineLines(machine, results),
    '### Skipped',
    skippedTable(results.skipped),
    ...(chartDir === undefined
      ? []
      : [
          '### Charts',
          `![store/raw ratios](${chartDir}/ratios.png)`,
          '',
          `![scaling](${chartDir}/scaling.png)`,
        ]),
    `### Overhead: store against raw driver (${results.targets.map((t) => `${t.target} at ${t.sizes[0]}`).join(', ')} tokens)`,
    overheadTable(results),
    ...(serverTable(results) === undefined
      ? []
      : [
          '### Server time and round trips (Redis `INFO commandstats`, each operation run alone)',
          serverTable(results) as string,
        ]),
    ...(peersTable(results) === undefined
      ? []
      : [
          '### Peers: keyv and Shopify session storage on the same backend, interleaved with the store',
          peersTable(results) as string,
        ]),
    '### Scaling: keyed finds as the store grows',
    scalingTable(results),
    '### Seeding',
    seedingTable(results),
    '### Concurrency',
    concurrencyTable(results),
    ...(results.sqliteProcesses === undefined
      ? []
      : [
          '### SQLite: writer processes on one file (updates of random tokens, WAL, synchronous=FULL)',
          processesTable(results.sqliteProcesses),
        ]),
    '### Memory store heap',
    results.heap === undefined ? 'Not measured in this run.' : heapTable(results.heap),
    '### Secrets Manager: API calls per operation',
    results.secretsManager === undefined
      ? 'Not counted in this run.'
      : callsTable(results.secretsManager),
    ...(results.secretsManager !== undefined && !('reason' in results.secretsManager)
      ? [
          results.secretsManager.seeded
            ? `Seeding ${results.secretsManager.seeded.tokens} tokens through saveToken on moto took ${(results.secretsManager.seeded.ms / 1000).toFixed(1)} s (the emulator's speed, not the service's).`
            : '',
          '#### Cost model',
          costModel(results.secretsManager),
        ]
      : []),
  ];
  return sections.join('\n\n');
}

/** The report printed to the terminal. */
export function terminalReport(results: BenchResults, machine: Machine): string {
  return resultsMarkdown(results, machine, undefined);
}

/**
 * Replaces the generated section of `file` (between the markers), keeping the hand-written
 * analysis around it; a file without markers gets them appended.
 */
export function writeBenchmarksFile(file: string, section: string): void {
  const block = `${START}\n\n${section}\n\n${END}`;
  if (!existsSync(file)) {
    writeFileSync(file, `# Benchmarks\n\n${block}\n`);
    return;
  }
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${block}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
