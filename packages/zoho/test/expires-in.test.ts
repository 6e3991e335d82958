import { isTokenStoreError } from '@tokenstore/core';
import { describe, expect, it } from 'vitest';
import { expiresAtToExpiresIn, expiresInToExpiresAt } from '../src/index.js';

describe('expiresIn (SDK) <-> expiresAt (tokenstore)', () => {
  it('reads epoch milliseconds written as a string of digits, as the SDKs write them', () => {
    expect(expiresInToExpiresAt('1767225600000')).toBe(1_767_225_600_000);
    expect(expiresInToExpiresAt('0')).toBe(0);
    expect(expiresInToExpiresAt(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(expiresInToExpiresAt(1_767_225_600_000)).toBe(1_767_225_600_000);
  });

  it('treats null, undefined and "" as absent', () => {
    expect(expiresInToExpiresAt(null)).toBeUndefined();
    expect(expiresInToExpiresAt(undefined)).toBeUndefined();
    expect(expiresInToExpiresAt('')).toBeUndefined();
  });

  it.each([
    'soon',
    '-1',
    '1.5',
    '1e12',
    ' 1767225600000',
    '0x10',
    String(Number.MAX_SAFE_INTEGER + 2),
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    {},
  ])('rejects %j with INVALID_TOKEN, naming the field and not the value', (value) => {
    let error: unknown;
    try {
      expiresInToExpiresAt(value);
    } catch (caught) {
      error = caught;
    }
    expect(isTokenStoreError(error, 'INVALID_TOKEN')).toBe(true);
    expect((error as Error).message).toContain('expiresIn');
    if (typeof value === 'string' && value.trim() !== '') {
      expect((error as Error).message).not.toContain(value);
    }
  });

  it('writes expiresAt back as the same string', () => {
    expect(expiresAtToExpiresIn(1_767_225_600_000)).toBe('1767225600000');
    expect(expiresAtToExpiresIn(undefined)).toBeUndefined();
    const written = expiresAtToExpiresIn(42);
    expect(expiresInToExpiresAt(written)).toBe(42);
  });
});
