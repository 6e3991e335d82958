import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';

/** A CSV record and the line it starts on (1-based). */
export interface CsvRecord {
  readonly kind: 'record';
  readonly line: number;
  readonly cells: string[];
}

/** A part of the file that is not valid CSV, the line it starts on, and why (never its content). */
export interface BrokenCsvRecord {
  readonly kind: 'broken';
  readonly line: number;
  readonly reason: string;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

function reasonOf(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted field is followed by something other than a comma or the end of the line';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside a field that does not start with one';
    default:
      return `not valid CSV (${error.code})`;
  }
}

/**
 * Splits a CSV file into records (quoted commas, embedded newlines and CRLF handled by
 * csv-parse), skipping empty lines. A part that is not valid CSV becomes one broken record at
 * the line where it starts, and reading resumes on the next line, so one bad line never hides
 * the good ones after it.
 */
export function readCsvRecords(input: Uint8Array): (CsvRecord | BrokenCsvRecord)[] {
  const items: (CsvRecord | BrokenCsvRecord)[] = [];
  let offset = 0;
  let linesBefore = 0;
  while (offset < input.length) {
    // Bytes and lines taken by the good records of this pass, counted from `offset`.
    let bytes = 0;
    let lines = 0;
    let emptyLines = 0;
    try {
      parse(input.subarray(offset), {
        bom: true,
        record_delimiter: ['\r\n', '\n'],
        relax_column_count: true,
        skip_empty_lines: true,
        on_record: (cells, context) => {
          // A record starts after the previous one and the empty lines skipped since.
          const line = linesBefore + lines + 1 + (context.empty_lines - emptyLines);
          items.push({ kind: 'record', line, cells });
          bytes = context.bytes;
          lines = context.lines;
          emptyLines = context.empty_lines;
          return null;
        },
      });
      return items;
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      // The broken record starts on the first non-empty line after the last good record.
      let start = offset + bytes;
      let line = linesBefore + lines + 1;
      while (
        start < input.length &&
        (input[start] === NEWLINE || input[start] === CARRIAGE_RETURN)
      ) {
        if (input[start] === NEWLINE) line++;
        start++;
      }
      items.push({ kind: 'broken', line, reason: reasonOf(error) });
      const end = input.indexOf(NEWLINE, start);
      offset = end === -1 ? input.length : end + 1;
      linesBefore = line;
    }
  }
  return items;
}
