import { describe, expect, it } from 'vitest';
import { runConformance } from '../src/conformance.js';
import { brokenStores } from './broken-stores.js';

describe('the conformance suite catches deliberately broken stores', () => {
  it('has at least eight broken stores to catch', () => {
    expect(brokenStores.length).toBeGreaterThanOrEqual(8);
  });

  for (const broken of brokenStores) {
    it(`catches a store that ${broken.defect}`, async () => {
      const result = await runConformance(broken.options);
      const failed = result.failed.map((r) => r.name);
      for (const name of broken.caughtBy) expect(failed).toContain(name);
    });
  }
});
