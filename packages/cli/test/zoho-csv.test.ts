import { describe, expect, it } from 'vitest';
import type { CsvRecord } from '../src/csv-records.js';
import { UsageError } from '../src/exit-codes.js';
import { isZohoHeader, zohoRowToToken } from '../src/zoho-csv.js';

const record = (cells: string[], line = 1): CsvRecord => ({ kind: 'record', line, cells });
const TEN =
  'id,user_mail,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url,api_domain';

describe('Zoho FileStore rows', () => {
  it('recognises the 10- and 9-column headers, user_mail or user_name, in any case', () => {
    expect(isZohoHeader(record(TEN.split(',')))).toBe(true);
    expect(isZohoHeader(record(TEN.split(',').slice(0, 9)))).toBe(true);
    expect(
      isZohoHeader(record(TEN.toUpperCase().replace('USER_MAIL', 'User_Name').split(','))),
    ).toBe(true);
    expect(isZohoHeader(record(['1', 'ada@example.com']))).toBe(false);
  });

  it('refuses a header that starts with id but is not the FileStore one', () => {
    expect(() => isZohoHeader(record(['id', 'email', 'token']))).toThrow(UsageError);
    expect(() => isZohoHeader(record([...TEN.split(','), 'extra']))).toThrow(UsageError);
  });

  it('maps the columns by position, empty cells to absent fields, expiry_time to a number', () => {
    const row = zohoRowToToken(
      record([
        '7',
        'ada@example.com',
        '1000.C',
        'cs',
        'rt',
        '',
        'gt',
        '1767225600000',
        '',
        'https://api',
      ]),
    );
    expect(row).toEqual({
      ok: true,
      token: {
        id: '7',
        userName: 'ada@example.com',
        clientId: '1000.C',
        clientSecret: 'cs',
        refreshToken: 'rt',
        grantToken: 'gt',
        expiresAt: 1767225600000,
        apiDomain: 'https://api',
      },
    });
  });

  it.each([
    [['1', 'a'], 'expected 10 columns (or 9 in SDK 2.x files), found 2'],
    [Array(11).fill('x'), 'expected 10 columns (or 9 in SDK 2.x files), found 11'],
    [
      ['1', 'a', 'c', 's', 'r', 'a', 'g', '1.5e12', 'u'],
      'expiry_time is not a whole number of epoch milliseconds',
    ],
    [
      ['1', 'a', 'c', 's', 'r', 'a', 'g', '-1', 'u'],
      'expiry_time is not a whole number of epoch milliseconds',
    ],
    [
      ['1', 'a', 'c', 's', 'r', 'a', 'g', '99999999999999999999', 'u'],
      'expiry_time is not a whole number of epoch milliseconds',
    ],
  ])('reports %j as malformed without quoting it', (cells, reason) => {
    expect(zohoRowToToken(record(cells))).toEqual({ ok: false, reason });
  });
});
