// A process of the end-to-end runs: opens the stores named in its environment, says `ready`, runs
// the callers of each `run` message and answers with their reports. Started by worker-process.ts
// with fork(); runs in plain Node (types stripped), on the built packages.
import { runCallers, tokenGetter } from './callers.ts';
import { openStores } from './store-config.ts';
import {
  type FromWorker,
  SETUP_VARIABLE,
  type ToWorker,
  type WorkerSetup,
} from './worker-protocol.ts';

function send(message: FromWorker): void {
  process.send?.(message);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

try {
  const setup = JSON.parse(process.env[SETUP_VARIABLE] ?? 'null') as WorkerSetup | null;
  if (setup === null) throw new Error(`set ${SETUP_VARIABLE}: this module runs as a worker`);
  const stores = await openStores(setup.config, setup.namespace, setup.sameStore);
  // The first operation connects (and sets up the schema), before the test starts its clock.
  await stores.store.findToken({ userName: 'warm-up' });
  await stores.leaseStore.findToken({ userName: 'warm-up' });
  process.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      void stores.close().finally(() => process.exit(0));
      return;
    }
    const getToken = tokenGetter(message.plan, stores.store, stores.leaseStore);
    runCallers(getToken, message.plan).then(
      (callers) => send({ type: 'report', callers }),
      (error: unknown) => send({ type: 'failed', message: messageOf(error) }),
    );
  });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'failed', message: messageOf(error) });
  process.exitCode = 1;
}
