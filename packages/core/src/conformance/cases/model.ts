import { runModel } from '../model/run-model.js';
import type { ConformanceCase } from '../types.js';

/** The whole contract against a reference model, on random command sequences from the seed. */
export const modelCases: ConformanceCase[] = [
  {
    group: 'model',
    name: 'random sequences of saves, finds, deletes, listings with writes during them, races and reopens behave as the reference model',
    seeded: true,
    run: (t) =>
      runModel({
        seed: t.seed,
        runs: t.runs,
        shrinkTimeMs: t.shrinkTimeMs,
        store: () => t.store(),
        reopen: t.lacks('persistence') ? undefined : (store) => t.reopen(store),
        listingDuringWrites: !t.lacks('listingDuringWrites'),
      }),
  },
];
