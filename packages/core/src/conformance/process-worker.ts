/**
 * A worker process of runProcessConformance: opens a store from the factory module, runs the
 * saves it is sent all at once, and reports each outcome, failures with the store's own error
 * (code, message, cause chain; secrets redacted). Runs as its own node process.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isTokenStoreError } from '../errors.js';
import type { TokenStore } from '../store.js';
import { SECRET_FIELDS, type TokenInput } from '../token.js';
import type { FromWorker, SaveOutcome, ToWorker } from './process-protocol.js';
import { loadFactory } from './store-factory.js';
import { formatWorkerError, serializeError } from './worker-error.js';

let store: TokenStore | undefined;
/** Every secret this worker was sent: none may cross back in an error message. */
const secrets = new Set<string>();

function send(message: FromWorker): void {
  process.send?.(message);
}

function remember(inputs: readonly TokenInput[]): void {
  for (const input of inputs) {
    for (const field of SECRET_FIELDS) {
      const value = input[field];
      if (typeof value === 'string') secrets.add(value);
    }
  }
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
      remember(message.inputs);
      const options =
        message.expectedVersion === undefined ? {} : { expectedVersion: message.expectedVersion };
      const wait = (message.startAt ?? 0) - Date.now();
      if (wait > 0) await sleep(wait);
      const settled = await Promise.allSettled(
        message.inputs.map((input) => open.saveToken(input, options)),
      );
      const outcomes = settled.map((result): SaveOutcome => {
        if (result.status === 'fulfilled') {
          return { ok: true, id: result.value.id, version: result.value.version };
        }
        const code = isTokenStoreError(result.reason) ? result.reason.code : 'NOT_A_STORE_ERROR';
        const error = serializeError(result.reason, [...secrets]);
        return { ok: false, code, message: formatWorkerError(error), error };
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
  handle(message).catch((thrown: unknown) => {
    const error = serializeError(thrown, [...secrets]);
    send({ type: 'failed', message: formatWorkerError(error), error });
  });
});
