import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecentRecords } from '../src/recent-records.js';
import type { TokenRecord } from '../src/record.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const record = (id: string, data = '{}', version = 1): TokenRecord => ({
  id,
  version,
  keys: {},
  data,
});

describe('the records a store keeps to start a save from', () => {
  it('keeps about 1,024 tokens under two names each: the first kept go first', () => {
    const recent = new RecentRecords(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 1_100; i++) {
      recent.remember(record(`t${i}`), recent.mark(), `#t${i}`, `userName:d${i}`);
    }
    expect(recent.get('#t1099')).toMatchObject({ id: 't1099' });
    expect(recent.get('userName:d1099')).toMatchObject({ id: 't1099' });
    expect(recent.get('#t76')).toMatchObject({ id: 't76' }); // the 2,048 newest names
    expect(recent.get('userName:d75')).toBeUndefined();
    expect(recent.get('#t0')).toBeUndefined();
  });

  it('keeps at most about 4 MiB of data, so large tokens are fewer', () => {
    const recent = new RecentRecords(Number.POSITIVE_INFINITY);
    const big = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 300; i++) recent.remember(record(`t${i}`, big), recent.mark(), `#t${i}`);
    let kept = 0;
    for (let i = 0; i < 300; i++) if (recent.get(`#t${i}`) !== undefined) kept++;
    expect(kept).toBeGreaterThan(200);
    expect(kept).toBeLessThan(260);
    expect(recent.get('#t299')).toBeDefined();
    expect(recent.get('#t0')).toBeUndefined();
  });

  it('holds the newer record of a name kept again, under its new id only', () => {
    const recent = new RecentRecords(Number.POSITIVE_INFINITY);
    recent.remember(record('a', '{}', 1), recent.mark(), 'userName:d');
    recent.remember(record('a', '{}', 2), recent.mark(), 'userName:d');
    expect(recent.get('userName:d')).toMatchObject({ id: 'a', version: 2 });
    recent.remember(record('b'), recent.mark(), 'userName:d'); // the key moved to another token
    recent.forgetId('a');
    expect(recent.get('userName:d')).toMatchObject({ id: 'b' });
    recent.forgetId('b');
    expect(recent.get('userName:d')).toBeUndefined();
  });

  it('counts a name kept again once against the size limit', () => {
    const recent = new RecentRecords(Number.POSITIVE_INFINITY);
    recent.remember(record('other'), recent.mark(), '#other');
    const kib = 'x'.repeat(1024);
    for (let i = 0; i < 10_000; i++) recent.remember(record('t', kib, i), recent.mark(), '#t');
    expect(recent.get('#other')).toBeDefined();
    expect(recent.get('#t')).toMatchObject({ version: 9_999 });
  });

  it('keeps the newest record whatever its size', () => {
    const recent = new RecentRecords(Number.POSITIVE_INFINITY);
    recent.remember(record('small'), recent.mark(), '#small');
    recent.remember(record('huge', 'x'.repeat(5 * 1024 * 1024)), recent.mark(), '#huge');
    expect(recent.get('#huge')).toBeDefined();
    expect(recent.get('#small')).toBeUndefined();
  });

  it('forgets every name of an id, and only those, without a scan of the others', () => {
    const recent = new RecentRecords();
    recent.remember(record('a'), recent.mark(), '#a', 'userName:da');
    recent.remember(record('a', '{"x":1}', 2), recent.mark(), 'accessToken:da2');
    recent.remember(record('b'), recent.mark(), '#b', 'userName:db');
    // A name taken over by another id's record belongs to that id from then on.
    recent.remember(record('b', '{"y":1}', 2), recent.mark(), 'userName:da');
    recent.forgetId('a');
    expect(recent.get('#a')).toBeUndefined();
    expect(recent.get('accessToken:da2')).toBeUndefined();
    expect(recent.get('userName:da')).toMatchObject({ id: 'b', version: 2 });
    expect(recent.get('#b')).toMatchObject({ id: 'b' });
    recent.forgetId('b');
    expect(recent.get('userName:da')).toBeUndefined();
    expect(recent.get('userName:db')).toBeUndefined();
  });

  it('uses a record for two seconds by default, and for as long as it is kept with Infinity', () => {
    const start = performance.now();
    const now = vi.spyOn(performance, 'now').mockReturnValue(start);
    const brief = new RecentRecords();
    const lasting = new RecentRecords(Number.POSITIVE_INFINITY);
    brief.remember(record('a'), brief.mark(), '#a');
    lasting.remember(record('a'), lasting.mark(), '#a');
    now.mockReturnValue(start + 1_999);
    expect(brief.get('#a')).toBeDefined();
    now.mockReturnValue(start + 2_001);
    expect(brief.get('#a')).toBeUndefined();
    now.mockReturnValue(start + 3_600_000);
    expect(lasting.get('#a')).toBeDefined();
  });

  it('keeps nothing read before a delete of any id, or before a clear', () => {
    const recent = new RecentRecords();
    const before = recent.mark();
    recent.deleted('other');
    recent.remember(record('a'), before, '#a');
    expect(recent.get('#a')).toBeUndefined();
    recent.remember(record('a'), recent.mark(), '#a');
    recent.clear();
    expect(recent.get('#a')).toBeUndefined();
  });
});
