/** The width of each column: its widest cell, header included. */
export function columnWidths(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): number[] {
  return header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
}

/** One table line, each cell padded to its column's width (longer cells are not cut). */
export function tableRow(cells: readonly string[], widths: readonly number[]): string {
  return `| ${widths.map((width, column) => (cells[column] ?? '').padEnd(width)).join(' | ')} |`;
}

/** The line under the header. */
export function tableRule(widths: readonly number[]): string {
  return `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
}

/** Rows as a Markdown-style table, columns padded to their widest cell. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = columnWidths(header, rows);
  return [
    tableRow(header, widths),
    tableRule(widths),
    ...rows.map((row) => tableRow(row, widths)),
  ].join('\n');
}
