import type { MemoryDatabase } from '@tokenstore/store-memory';
import { UsageError } from '../exit-codes.js';
import { loadAdapter } from '../load-adapter.js';
import { defineStoreKind } from './store-kind.js';
import { allowOnly, param, splitQuery } from './url-parts.js';

/** `memory:[?namespace=name]`: a store in this process's memory (gone when the command ends). */
export interface MemoryStoreSpec {
  readonly kind: 'memory';
  readonly namespace: string | undefined;
}

const PACKAGE = '@tokenstore/store-memory';

/** Memory stores of one process share one database, so a reopened store sees what was saved. */
let memoryDatabase: MemoryDatabase | undefined;

export const memoryKind = defineStoreKind<MemoryStoreSpec>({
  kind: 'memory',
  schemes: ['memory'],
  packageName: PACKAGE,
  urlForm: 'memory:',
  parse(text) {
    const { base, params } = splitQuery(text);
    if (base.toLowerCase() !== 'memory:') {
      throw new UsageError(`${text}: a memory store URL is "memory:" or "memory:?namespace=name"`);
    }
    allowOnly(text, params, ['namespace']);
    return { kind: 'memory', namespace: param(params, 'namespace') };
  },
  async open(spec) {
    const { MemoryDatabase, MemoryTokenStore } = await loadAdapter(
      PACKAGE,
      'memory',
      () => import('@tokenstore/store-memory'),
    );
    memoryDatabase ??= new MemoryDatabase();
    return new MemoryTokenStore({
      database: memoryDatabase,
      ...(spec.namespace === undefined ? {} : { namespace: spec.namespace }),
    });
  },
  namespace: {
    name: 'namespace',
    fresh: (hex) => `check_${hex}`,
    apply: (spec, namespace) => ({ ...spec, namespace }),
  },
});
