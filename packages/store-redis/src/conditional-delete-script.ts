import { DROP_KEYS, script } from './lua-scripts.js';

/**
 * Conditional delete: the version check and the removal in one script, so no save can land in
 * between. KEYS: record, ids. ARGV: base, member, expected version. Returns `deleted`, `stale`
 * (another version is stored: nothing removed) or `absent`.
 */
export const DELETE_IF_VERSION = script(
  'delete-if-version',
  `${DROP_KEYS}
local rec, ids = KEYS[1], KEYS[2]
local version = redis.call('HGET', rec, 'v')
if not version then return 'absent' end
if version ~= ARGV[3] then return 'stale' end
drop_keys(ARGV[1], rec, ARGV[2])
redis.call('DEL', rec)
redis.call('ZREM', ids, ARGV[2])
return 'deleted'
`,
);
