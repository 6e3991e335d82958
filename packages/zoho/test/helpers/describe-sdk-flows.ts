import { describe } from 'vitest';
import { grantTokenFlows } from '../flows/grant-token.js';
import { refreshFlows } from '../flows/refresh.js';
import { refreshFailureFlows } from '../flows/refresh-failures.js';
import { removeFlows } from '../flows/remove.js';
import { restartFlows } from '../flows/restart.js';
import { storeMethodFlows } from '../flows/store-methods.js';
import { useFlowContext } from './flow-context.js';
import type { SdkDriver } from './sdk-driver.js';
import type { StoreKind } from './store-kinds.js';

/** Every flow, for one SDK on one backend: each test gets a fresh fake Zoho and store. */
export function describeSdkFlows(driver: SdkDriver, kind: () => StoreKind, name: string): void {
  describe(`${driver.name} on ${name}`, () => {
    const context = useFlowContext(driver, kind);
    grantTokenFlows(context);
    restartFlows(context);
    refreshFlows(context);
    refreshFailureFlows(context);
    removeFlows(context);
    storeMethodFlows(context);
  });
}
