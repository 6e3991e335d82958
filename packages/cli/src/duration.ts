import { UsageError } from './exit-codes.js';

const UNITS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Milliseconds of a duration such as `30d`, `12h`, `90m` or `45s`; a usage error otherwise. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  const unit = match?.[2] === undefined ? undefined : UNITS[match[2]];
  if (match === null || unit === undefined) {
    throw new UsageError(`${option} takes a duration such as 30d, 12h, 90m or 45s`);
  }
  const ms = Number(match[1]) * unit;
  if (!Number.isSafeInteger(ms)) throw new UsageError(`${option} is too long`);
  return ms;
}
