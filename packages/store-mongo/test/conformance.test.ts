import { byNamespace } from '@tokenstore/core/conformance';
import { describeTokenStore } from '@tokenstore/core/vitest';
import { type MongoCommonOptions, MongoTokenStore } from '../src/index.js';
import { DATABASE, freshCollection, useServer } from './helpers/server.js';

const { client, ferretdb } = await useServer();
const server = ferretdb ? 'FerretDB' : 'MONGODB_URL server';

/** Registers the suite for stores made with `options`, each on a fresh collection. */
function describeWith(name: string, options: MongoCommonOptions, atomic: boolean): void {
  const open = (collection: string) =>
    new MongoTokenStore({ ...options, client, database: DATABASE, collection });
  describeTokenStore(name, {
    ...byNamespace(open, freshCollection),
    // A slow server on a shared machine: fewer model-based runs (each crosses hundreds of
    // tokens), and room for them. TOKENSTORE_CONFORMANCE_RUNS turns it up.
    runs: Number(process.env.TOKENSTORE_CONFORMANCE_RUNS ?? 2),
    timeoutMs: 600_000,
    ...(atomic ? {} : { capabilities: { atomicConditionalWrites: false } }),
  });
}

// The default: on FerretDB the store detects the server and serialises writes with leases.
describeWith(`MongoTokenStore on ${server}`, {}, true);

// Without leases, conditional updates are only as atomic as the server makes them. FerretDB v1
// reads, filters, then writes by _id without re-checking the filter (FerretDB issue 3040), so
// two compare-and-set updates of one version can both succeed there: that capability is missing.
// Everything else runs, which covers the plain path that MongoDB itself takes.
describeWith(
  `MongoTokenStore on ${server} without write leases`,
  { writeLeases: false },
  !ferretdb,
);
