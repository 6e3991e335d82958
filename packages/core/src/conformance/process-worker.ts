/**
 * A worker process of runProcessConformance: opens a store from the factory module, runs the
 * saves it is sent all at once, and reports each outcome. Runs as its own node process.
 */
import { isTokenStoreError } from '../errors.js';
import type { TokenStore } from '../store.js';
import type { FromWorker, SaveOutcome, ToWorker } from './process-protocol.js';
import { loadFactory } from './store-factory.js';

let store: TokenStore | undefined;

function send(message: FromWorker): void {
  process.send?.(message);
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'open': {
      const create = await loadFactory(message.factory);
      store = await create(message.namespace);
      send({ type: 'ready' });
      return;
    }
    case 'save': {
      const open = store;
      if (open === undefined) throw new Error('save before open');
      const options =
        message.expectedVersion === undefined ? {} : { expectedVersion: message.expectedVersion };
      const settled = await Promise.allSettled(
        message.inputs.map((input) => open.saveToken(input, options)),
      );
      const outcomes = settled.map((result): SaveOutcome => {
        if (result.status === 'fulfilled') {
          return { ok: true, id: result.value.id, version: result.value.version };
        }
        const code = isTokenStoreError(result.reason) ? result.reason.code : 'NOT_A_STORE_ERROR';
        return { ok: false, code, message: String((result.reason as Error)?.message) };
      });
      send({ type: 'saved', outcomes });
      return;
    }
    case 'close':
      await store?.close();
      process.disconnect?.();
      return;
  }
}

process.on('message', (message: ToWorker) => {
  handle(message).catch((error: unknown) => {
    send({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  });
});
