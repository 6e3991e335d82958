/** `12,345` */
export function count(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—';
}

/** Microseconds with sensible precision: `3.4`, `87`, `1,234`. */
export function micros(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value < 10 ? value.toFixed(1) : count(value);
}

/** `1.23x` */
export function times(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : '—';
}

/** `1k`, `100k`, `1M` */
export function size(value: number): string {
  if (value >= 1_000_000 && value % 1_000_000 === 0) return `${value / 1_000_000}M`;
  if (value >= 1_000 && value % 1_000 === 0) return `${value / 1_000}k`;
  return String(value);
}

/** A markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
