import { byNamespace } from '@tokenstore/core/conformance';
import { describeTokenStore } from '@tokenstore/core/vitest';
import { MemoryDatabase, MemoryTokenStore } from '../src/index.js';

// Every store on one database, each in its own namespace; reopen = a new store on the same one.
const database = new MemoryDatabase();

describeTokenStore(
  'MemoryTokenStore',
  byNamespace((namespace) => new MemoryTokenStore({ database, namespace })),
);
