import { hash } from 'node:crypto';

/**
 * A Lua script run with EVALSHA (EVAL when the server does not have it cached yet). Scripts
 * build key names from the namespace's `{prefix}` passed as ARGV[1]: they only ever touch keys
 * of that one hash slot (see `KeyLayout`).
 */
export interface LuaScript {
  readonly name: string;
  readonly source: string;
  readonly sha1: string;
}

/** A script with its SHA-1, the name EVALSHA runs it by. */
export function script(name: string, source: string): LuaScript {
  return { name, source, sha1: hash('sha1', source, 'hex') };
}

// Removes the unique-key entries a record's hash lists (fields `k:<kind>`), each only while it
// still points at this record.
export const DROP_KEYS = `
local function drop_keys(base, rec, member)
  local fields = redis.call('HGETALL', rec)
  for i = 1, #fields, 2 do
    local field = fields[i]
    if string.sub(field, 1, 2) == 'k:' then
      local key = base .. field .. ':' .. fields[i + 1]
      if redis.call('GET', key) == member then redis.call('DEL', key) end
    end
  end
end
`;

/**
 * Insert. KEYS: record, ids, then one unique key per kind the record holds. ARGV: member,
 * id JSON, version, data, then for each unique key its field and digest. Returns `ok`, `id`
 * (the id is taken) or the field `k:<kind>` of a unique key another record holds. Checks
 * everything before writing anything.
 */
export const INSERT = script(
  'insert',
  `
local rec, ids, member = KEYS[1], KEYS[2], ARGV[1]
if redis.call('EXISTS', rec) == 1 then return 'id' end
for j = 3, #KEYS do
  local holder = redis.call('GET', KEYS[j])
  if holder and holder ~= member then return ARGV[3 + 2 * (j - 2)] end
end
local fields = { 'i', ARGV[2], 'v', ARGV[3], 'd', ARGV[4] }
for j = 3, #KEYS do
  fields[#fields + 1] = ARGV[3 + 2 * (j - 2)]
  fields[#fields + 1] = ARGV[4 + 2 * (j - 2)]
  redis.call('SET', KEYS[j], member)
end
redis.call('HSET', rec, unpack(fields))
redis.call('ZADD', ids, 0, member)
return 'ok'
`,
);

/**
 * Compare-and-set replace that moves only the unique keys that change (a refresh moves one).
 * KEYS: record. ARGV: base, member, expected version, new version, data, the four digests the
 * record must still hold (fields k:userName, k:accessToken, k:refreshToken, k:grantToken; ''
 * for none), then per key that changes: its field, old digest, new digest ('' for none).
 * Returns `ok`, `stale` (another version, other keys, or gone) or the field of a unique key
 * another record holds. Checks everything before writing anything; never reads \`d\`.
 */
export const REPLACE = script(
  'replace',
  `
local rec = KEYS[1]
local base, member = ARGV[1], ARGV[2]
local held = redis.call('HMGET', rec, 'v', 'k:userName', 'k:accessToken', 'k:refreshToken', 'k:grantToken')
if held[1] ~= ARGV[3] then return 'stale' end
for j = 2, 5 do
  if (held[j] or '') ~= ARGV[4 + j] then return 'stale' end
end
for j = 10, #ARGV, 3 do
  local new = ARGV[j + 2]
  if new ~= '' then
    local holder = redis.call('GET', base .. ARGV[j] .. ':' .. new)
    if holder and holder ~= member then return ARGV[j] end
  end
end
local fields = { 'v', ARGV[4], 'd', ARGV[5] }
for j = 10, #ARGV, 3 do
  local field, old, new = ARGV[j], ARGV[j + 1], ARGV[j + 2]
  if old ~= '' then
    local key = base .. field .. ':' .. old
    if redis.call('GET', key) == member then redis.call('DEL', key) end
  end
  if new ~= '' then
    redis.call('SET', base .. field .. ':' .. new, member)
    fields[#fields + 1] = field
    fields[#fields + 1] = new
  else
    redis.call('HDEL', rec, field)
  end
end
redis.call('HSET', rec, unpack(fields))
return 'ok'
`,
);

/** KEYS: record, ids. ARGV: base, member. Returns 1 if the record was there, else 0. */
export const DELETE = script(
  'delete',
  `${DROP_KEYS}
local rec, ids = KEYS[1], KEYS[2]
if redis.call('EXISTS', rec) == 0 then return 0 end
drop_keys(ARGV[1], rec, ARGV[2])
redis.call('DEL', rec)
redis.call('ZREM', ids, ARGV[2])
return 1
`,
);

/** The record fields every read returns, in this order (HMGET: no field names in the reply). */
export const RECORD_FIELDS = [
  'i',
  'v',
  'd',
  'k:userName',
  'k:accessToken',
  'k:refreshToken',
  'k:grantToken',
] as const;

/**
 * KEYS: a unique key. ARGV: base. Returns the holder's {@link RECORD_FIELDS} (HMGET), or nil.
 * The field names are part of the script, not its arguments: fewer bytes to send and to
 * convert for Lua on every find.
 */
export const FIND = script(
  'find',
  `
local member = redis.call('GET', KEYS[1])
if not member then return false end
return redis.call('HMGET', ARGV[1] .. 'r:' .. member, ${RECORD_FIELDS.map((field) => `'${field}'`).join(', ')})
`,
);

/**
 * One page of the namespace in member order. KEYS: ids. ARGV: base, lex minimum (`-` or
 * `(<last member>`), count. Returns, for each record, its member and its hash (HGETALL).
 */
export const PAGE = script(
  'page',
  `
local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[2], '+', 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, member in ipairs(members) do
  out[#out + 1] = member
  out[#out + 1] = redis.call('HGETALL', ARGV[1] .. 'r:' .. member)
end
return out
`,
);

/**
 * Removes up to ARGV[2] records (with their unique keys) of the namespace. KEYS: ids.
 * ARGV: base, batch size. Returns how many records are left.
 */
export const CLEAR_BATCH = script(
  'clear',
  `${DROP_KEYS}
local ids = KEYS[1]
local members = redis.call('ZRANGE', ids, 0, tonumber(ARGV[2]) - 1)
for _, member in ipairs(members) do
  local rec = ARGV[1] .. 'r:' .. member
  drop_keys(ARGV[1], rec, member)
  redis.call('DEL', rec)
  redis.call('ZREM', ids, member)
end
return redis.call('ZCARD', ids)
`,
);
