import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../src/csv-records.js';

const read = (text: string) => readCsvRecords(Buffer.from(text));

describe('readCsvRecords', () => {
  it('numbers records by the line they start on, across quoted newlines and empty lines', () => {
    expect(read('a,b\n"x\ny",z\n\n\nc,"d,e"\n')).toEqual([
      { kind: 'record', line: 1, cells: ['a', 'b'] },
      { kind: 'record', line: 2, cells: ['x\ny', 'z'] },
      { kind: 'record', line: 6, cells: ['c', 'd,e'] },
    ]);
  });

  it('reports a broken line and goes on with the next one', () => {
    const items = read('1,ok\n2,"bad"x,y\n3,ok\n4,"never closed\n5,ok');
    expect(items.map((item) => [item.kind, item.line])).toEqual([
      ['record', 1],
      ['broken', 2],
      ['record', 3],
      ['broken', 4],
      ['record', 5],
    ]);
    expect(items[4]).toEqual({ kind: 'record', line: 5, cells: ['5', 'ok'] });
  });

  it('never puts a field of a broken line in its reason', () => {
    const items = read('1,"sup3rs3cret"tail,x\n');
    expect(items).toHaveLength(1);
    expect(items[0]?.kind).toBe('broken');
    expect(JSON.stringify(items)).not.toContain('sup3rs3cret');
  });

  it('handles CRLF line ends and a byte order mark', () => {
    expect(read('\ufeffid,x\r\n1,"a\r\nb"\r\n')).toEqual([
      { kind: 'record', line: 1, cells: ['id', 'x'] },
      { kind: 'record', line: 2, cells: ['1', 'a\r\nb'] },
    ]);
  });
});
