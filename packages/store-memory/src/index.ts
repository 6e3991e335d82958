export { MemoryBackend } from './memory-backend.js';
export { MemoryDatabase, type MemoryKeyMaps, type MemoryNamespace } from './memory-database.js';
export { MemoryTokenStore, type MemoryTokenStoreOptions } from './memory-store.js';
