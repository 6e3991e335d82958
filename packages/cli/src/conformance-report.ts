import type { ConformanceResult } from '@tokenstore/core/conformance';
import { textTable } from './text-table.js';

/** Counts of one group of cases (`round-trip`, `lookup`, ...). */
export interface GroupSummary {
  readonly group: string;
  passed: number;
  failed: number;
  skipped: number;
}

/** What `tokenstore check --json` prints. */
export interface CheckReport {
  /** The store URL (password redacted) or module path that was checked. */
  readonly target: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly durationMs: number;
  readonly groups: GroupSummary[];
  readonly failures: { name: string; message: string }[];
  readonly skips: { name: string; reason: string }[];
}

/** The first line of a failure's message: enough to see what broke. */
export function failureMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? '';
}

/** Summarises a conformance run per group, in the suite's order. */
export function checkReport(
  target: string,
  result: ConformanceResult,
  durationMs: number,
): CheckReport {
  const groups = new Map<string, GroupSummary>();
  const count = (group: string, outcome: 'passed' | 'failed' | 'skipped') => {
    let summary = groups.get(group);
    if (summary === undefined) {
      summary = { group, passed: 0, failed: 0, skipped: 0 };
      groups.set(group, summary);
    }
    summary[outcome]++;
  };
  for (const { group } of result.passed) count(group, 'passed');
  for (const { group } of result.failed) count(group, 'failed');
  for (const { group } of result.skipped) count(group, 'skipped');
  return {
    target,
    passed: result.passed.length,
    failed: result.failed.length,
    skipped: result.skipped.length,
    durationMs,
    groups: [...groups.values()],
    failures: result.failed.map(({ name, error }) => ({ name, message: failureMessage(error) })),
    skips: result.skipped.map(({ name, reason }) => ({ name, reason: reason ?? '' })),
  };
}

/** The report as the terminal shows it: a table per group, then each failure and skip. */
export function formatCheckReport(report: CheckReport, groupOrder: readonly string[]): string {
  const ordered = [...report.groups].sort(
    (a, b) => groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group),
  );
  const rows = ordered.map((g) => [g.group, String(g.passed), String(g.failed), String(g.skipped)]);
  rows.push(['total', String(report.passed), String(report.failed), String(report.skipped)]);
  const lines = [
    `Conformance of ${report.target}`,
    '',
    textTable(['group', 'passed', 'failed', 'skipped'], rows),
  ];
  if (report.failures.length > 0) {
    lines.push('', 'Failures:');
    for (const { name, message } of report.failures)
      lines.push(`  FAIL ${name}`, `       ${message}`);
  }
  if (report.skips.length > 0) {
    lines.push('', 'Skipped:');
    for (const { name, reason } of report.skips) lines.push(`  SKIP ${name}: ${reason}`);
  }
  const seconds = (report.durationMs / 1000).toFixed(1);
  lines.push(
    '',
    `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped in ${seconds} s`,
  );
  return lines.join('\n');
}
