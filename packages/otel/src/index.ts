export { ATTR } from './attributes.js';
export {
  instrumentTokenStores,
  type TokenStoreInstrumentation,
  type TokenStoreInstrumentationOptions,
} from './instrument.js';
