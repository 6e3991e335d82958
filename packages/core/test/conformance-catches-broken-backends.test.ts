import { describe, expect, it } from 'vitest';
import { brokenBackends } from './broken-backends.js';
import { caughtBy } from './caught-by.js';

describe('the conformance suite catches deliberately broken backends under BackedTokenStore', () => {
  for (const broken of brokenBackends) {
    const title =
      broken.unobservable === undefined
        ? `catches ${broken.defect}`
        : `passes ${broken.defect}, which the contract cannot observe`;
    it(title, async () => {
      const { names, groups } = await caughtBy(broken.options);
      console.log(`caught-by | backend: ${broken.defect} | ${groups.join(', ') || '(none)'}`);
      for (const name of broken.caughtBy) expect(names).toContain(name);
      // An unobservable defect passes every case: if one fails, the suite learned to see it.
      if (broken.unobservable !== undefined) expect(names).toEqual([]);
    }, 120_000);
  }
});
