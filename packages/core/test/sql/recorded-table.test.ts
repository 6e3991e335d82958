import { describe, expect, it } from 'vitest';
import { checkRecordedTable } from '../../src/backend-kit.js';

const check =
  (exists: boolean, found = 1) =>
  () =>
    checkRecordedTable({
      table: '"tokens"',
      store: '@tokenstore/store-x',
      found,
      reads: 1,
      exists,
    });

describe('checkRecordedTable', () => {
  it('passes a recorded table that is there at the version this code reads', () => {
    expect(check(true)).not.toThrow();
  });

  it('refuses a recorded table that is gone with STORE_MISCONFIGURED naming it, whatever its version', () => {
    for (const found of [1, 2]) {
      expect(check(false, found)).toThrow(
        expect.objectContaining({
          code: 'STORE_MISCONFIGURED',
          retryable: false,
          message: expect.stringMatching(
            /^table "tokens" is missing: tokenstore_schema records it .*delete its row from tokenstore_schema$/,
          ),
        }),
      );
    }
  });

  it('refuses another schema version as checkSchemaVersion does', () => {
    expect(check(true, 2)).toThrow(
      /table "tokens" has schema version 2; this version of @tokenstore\/store-x reads 1/,
    );
  });
});
