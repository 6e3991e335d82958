import { describe, expect, it } from 'vitest';
import { brokenStores } from './broken-stores.js';
import { caughtBy } from './caught-by.js';

describe('the conformance suite catches deliberately broken stores', () => {
  it('has the broken stores to catch', () => {
    expect(brokenStores.length).toBeGreaterThanOrEqual(31);
  });

  for (const broken of brokenStores) {
    it(`catches a store that ${broken.defect}`, async () => {
      const { names, groups } = await caughtBy(broken.options);
      console.log(`caught-by | store: ${broken.defect} | ${groups.join(', ')}`);
      for (const name of broken.caughtBy) expect(names).toContain(name);
    }, 120_000);
  }
});
