import type { CopyOutcome } from './copy-token.js';

/** At most this many problems are kept with their details; the rest are only counted. */
export const MAX_PROBLEM_DETAILS = 100;

/** One token that was not copied: where it came from (an id or a line) and why. Never a secret. */
export interface CopyProblem {
  readonly where: string;
  readonly status: 'conflict' | 'invalid' | 'malformed';
  readonly reason: string;
}

/** Running counts of a copy (migrate or import), and the first problems in detail. */
export class CopyTally {
  /** Items read from the source: tokens, or CSV records. */
  read = 0;
  created = 0;
  updated = 0;
  unchanged = 0;
  conflicts = 0;
  invalid = 0;
  malformed = 0;
  readonly #problems: { position: number; problem: CopyProblem }[] = [];

  /** Items that were not copied. */
  get notCopied(): number {
    return this.conflicts + this.invalid + this.malformed;
  }

  /** Items dealt with so far (copied, found already there, or not copied). */
  get done(): number {
    return this.created + this.updated + this.unchanged + this.notCopied;
  }

  /** The first problems, in source order (copies finish out of order). */
  get problems(): CopyProblem[] {
    return [...this.#problems].sort((a, b) => a.position - b.position).map((p) => p.problem);
  }

  /** Counts the outcome of the item at `position` (its index in the source). */
  record(position: number, where: string, outcome: CopyOutcome): void {
    switch (outcome.status) {
      case 'created':
        this.created++;
        return;
      case 'updated':
        this.updated++;
        return;
      case 'unchanged':
        this.unchanged++;
        return;
      case 'conflict':
        this.conflicts++;
        break;
      case 'invalid':
        this.invalid++;
        break;
    }
    this.#keep(position, { where, status: outcome.status, reason: outcome.reason });
  }

  /** A source item that could not be read as a token (a broken CSV line). */
  recordMalformed(position: number, where: string, reason: string): void {
    this.malformed++;
    this.#keep(position, { where, status: 'malformed', reason });
  }

  #keep(position: number, problem: CopyProblem): void {
    if (this.#problems.length < MAX_PROBLEM_DETAILS) this.#problems.push({ position, problem });
  }

  /** The counts as plain data, for `--json`. */
  counts() {
    return {
      read: this.read,
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      conflicts: this.conflicts,
      invalid: this.invalid,
      malformed: this.malformed,
    };
  }
}
