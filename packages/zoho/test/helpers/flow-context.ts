import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenStore } from '@tokenstore/core';
import { afterEach, beforeEach } from 'vitest';
import type { ZohoTokenStore } from '../../src/index.js';
import { FakeZoho } from './fake-zoho.js';
import type { SdkDriver, SdkToken, TokenConfig } from './sdk-driver.js';
import type { StoreKind } from './store-kinds.js';
import { tempDir } from './temp-dir.js';

export const CLIENT_ID = '1000.TESTCLIENTID';
export const CLIENT_SECRET = 'client-secret-SECRET';
export const GRANT_TOKEN = '1000.grant-SECRET';
export const EMAIL = 'ada@example.com';
export const ZGID = '60012345';
/** The user signature the SDKs build after looking the user up: `email:zgid`. */
export const USER_NAME = `${EMAIL}:${ZGID}`;
/** The refresh token the fake accounts server issues for GRANT_TOKEN. */
export const REFRESH_TOKEN = `1000.refresh.${GRANT_TOKEN}`;

/** Everything one flow test works with; fresh for every test. */
export interface FlowContext {
  readonly driver: SdkDriver;
  readonly zoho: FakeZoho;
  /** The tokenstore store under test (read directly to check what the SDK saved). */
  readonly store: TokenStore;
  /** The store wrapped for the SDK (refreshes coordinated: the default). */
  readonly wrapped: ZohoTokenStore<SdkToken>;
  /**
   * The store wrapped with `coordinateRefresh: false`: for calling the TokenStore methods
   * directly, where a stale seeded token must come back as stored, not refreshed.
   */
  readonly uncoordinated: ZohoTokenStore<SdkToken>;
  /** Another store instance over the same data, wrapped: what a restarted application opens. */
  reopenWrapped(): ZohoTokenStore<SdkToken>;
  /**
   * Builds the SDK token from `config` (with the test client's id and secret unless
   * `withClient` is false) and initializes the SDK with it and `store` (default {@link wrapped}),
   * as a freshly started process does.
   */
  initialize(config: TokenConfig, options?: InitializeFlowOptions): Promise<SdkToken>;
}

export interface InitializeFlowOptions {
  readonly store?: ZohoTokenStore<SdkToken>;
  readonly withClient?: boolean;
}

/** Registers the hooks that give each test a fresh fake Zoho, store and SDK resource path. */
export function useFlowContext(driver: SdkDriver, kind: () => StoreKind): FlowContext {
  const dir = tempDir();
  let zoho: FakeZoho | undefined;
  let handle: ReturnType<StoreKind['open']> | undefined;
  let wrapped: ZohoTokenStore<SdkToken> | undefined;

  beforeEach(async () => {
    zoho = await FakeZoho.start({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      grantTokens: [GRANT_TOKEN],
      email: EMAIL,
      zgid: ZGID,
    });
    handle = kind().open();
    wrapped = driver.wrap(handle.store);
  });
  afterEach(async () => {
    await zoho?.stop();
    await kind().closeAll();
  });

  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the flow context is set up in beforeEach');
    return value;
  };
  return {
    driver,
    get zoho() {
      return need(zoho);
    },
    get store() {
      return need(handle).store;
    },
    get wrapped() {
      return need(wrapped);
    },
    get uncoordinated() {
      return driver.wrap(need(handle).store, { coordinateRefresh: false });
    },
    reopenWrapped: () => driver.wrap(need(handle).reopen()),
    async initialize(config, options = {}) {
      const client = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
      const token = driver.token(options.withClient === false ? config : { ...client, ...config });
      // Each initialize here is an application starting: a process of its own.
      driver.startProcess();
      await driver.initialize({
        zoho: need(zoho),
        token,
        store: options.store ?? need(wrapped),
        resourcePath: mkdtempSync(join(dir, 'resources-')),
      });
      return token;
    },
  };
}
