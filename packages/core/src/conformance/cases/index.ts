import type { ConformanceCase } from '../types.js';
import { absentCases } from './absent.js';
import { adversarialCases } from './adversarial.js';
import { closedCases } from './closed.js';
import { concurrencyCases } from './concurrency.js';
import { copyCases } from './copies.js';
import { deleteCases } from './delete.js';
import { hostileInputCases } from './hostile-input.js';
import { idCases } from './ids.js';
import { isolationCases } from './isolation.js';
import { listingCases } from './listing.js';
import { lookupCases } from './lookup.js';
import { modelCases } from './model.js';
import { persistenceCases } from './persistence.js';
import { roundTripCases } from './round-trip.js';
import { saveCases } from './save.js';
import { secretCases } from './secrets.js';
import { uniquenessCases } from './uniqueness.js';
import { validationCases } from './validation.js';
import { versionCases } from './versions.js';

/** Every case of the contract, grouped by concern. */
export const conformanceCases: readonly ConformanceCase[] = [
  ...roundTripCases,
  ...absentCases,
  ...copyCases,
  ...validationCases,
  ...hostileInputCases,
  ...lookupCases,
  ...idCases,
  ...adversarialCases,
  ...saveCases,
  ...versionCases,
  ...uniquenessCases,
  ...deleteCases,
  ...listingCases,
  ...isolationCases,
  ...persistenceCases,
  ...closedCases,
  ...secretCases,
  ...concurrencyCases,
  ...modelCases,
];
