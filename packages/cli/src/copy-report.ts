import type { CopyProblem, CopyTally } from './copy-tally.js';

/** The count check after a copy: the target grew by exactly the tokens created. */
export interface Verification {
  readonly targetBefore: number;
  readonly targetAfter: number;
  /** `targetBefore + created` (or `targetBefore` on a dry run). */
  readonly expectedAfter: number;
  readonly ok: boolean;
}

/** What `migrate --json` and `import zoho-csv --json` print. */
export interface CopyReport {
  readonly from: string;
  readonly to: string;
  readonly dryRun: boolean;
  readonly counts: ReturnType<CopyTally['counts']>;
  readonly verification: Verification;
  /** The first problems (conflicts, invalid tokens, malformed lines); never a secret. */
  readonly problems: CopyProblem[];
  /** Problems beyond those listed. */
  readonly moreProblems: number;
  /** True when everything was copied (or already there) and the counts add up: exit 0. */
  readonly ok: boolean;
}

/** Compares the target's count after the copy with what the copy says it created. */
export function verify(
  tally: CopyTally,
  before: number,
  after: number,
  dryRun: boolean,
): Verification {
  const expectedAfter = before + (dryRun ? 0 : tally.created);
  return { targetBefore: before, targetAfter: after, expectedAfter, ok: after === expectedAfter };
}

export function copyReport(
  from: string,
  to: string,
  dryRun: boolean,
  tally: CopyTally,
  verification: Verification,
): CopyReport {
  return {
    from,
    to,
    dryRun,
    counts: tally.counts(),
    verification,
    problems: tally.problems,
    moreProblems: tally.notCopied - tally.problems.length,
    ok: verification.ok && tally.notCopied === 0 && tally.done === tally.read,
  };
}

/** The report for people. */
export function formatCopyReport(report: CopyReport, noun: string): string {
  const { counts, verification: v } = report;
  const would = report.dryRun ? 'would be ' : '';
  const lines = [
    `${counts.read} ${noun} read${report.dryRun ? ' (dry run: nothing written)' : ''}:`,
    `  ${counts.created} ${would}created, ${counts.unchanged} already there (unchanged)` +
      (counts.updated > 0 ? `, ${counts.updated} ${would}merged by lookup key` : ''),
    `  ${counts.conflicts} conflicts, ${counts.invalid} invalid` +
      (counts.malformed > 0 || noun === 'lines' ? `, ${counts.malformed} malformed` : ''),
  ];
  for (const { where, status, reason } of report.problems) {
    lines.push(`  ${status} at ${where}: ${reason}`);
  }
  if (report.moreProblems > 0) lines.push(`  … and ${report.moreProblems} more`);
  lines.push(
    `Target count: ${v.targetBefore} before, ${v.targetAfter} after, expected ${v.expectedAfter}: ` +
      (v.ok ? 'verified' : 'MISMATCH (another writer, or tokens lost)'),
  );
  lines.push(report.ok ? 'OK' : 'NOT OK: see above');
  return lines.join('\n');
}
