import { hash } from 'node:crypto';
import { MEMBER_LENGTH } from './record-copy.js';

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

// The `<member>` a unique key points at, or false: a key's value is its holder's copy (see
// record-copy.ts), or the bare member in the layout before copies; either starts with it.
// GETRANGE reads only the member, not the whole copy into Lua ('' for a missing key).
export const HOLDER = `
local function holder(key)
  local member = redis.call('GETRANGE', key, 0, ${MEMBER_LENGTH - 1})
  if member == '' then return false end
  return member
end
`;

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

/** {@link RECORD_FIELDS} as Lua arguments: part of the scripts, not of their arguments. */
const RECORD_FIELD_LIST = RECORD_FIELDS.map((field) => `'${field}'`).join(', ');

// The unique-key fields of a record hash and of a copy, in the copy's order.
const KEY_FIELDS = "{ 'k:userName', 'k:accessToken', 'k:refreshToken', 'k:grantToken' }";

// Removes the unique-key entries a record's hash lists (fields `k:<kind>`), each only while it
// still points at this record.
export const DROP_KEYS = `${HOLDER}
local function drop_keys(base, rec, member)
  local fields = redis.call('HGETALL', rec)
  for i = 1, #fields, 2 do
    local field = fields[i]
    if string.sub(field, 1, 2) == 'k:' then
      local key = base .. field .. ':' .. fields[i + 1]
      if holder(key) == member then redis.call('DEL', key) end
    end
  end
end
`;

/**
 * Insert. KEYS: record, ids, then the unique key of each digest given, in the order of
 * {@link KEY_FIELDS}. ARGV: member, id JSON, version, data, then the four digests
 * (k:userName, k:accessToken, k:refreshToken, k:grantToken; '' for none). Returns `ok`, `id`
 * (the id is taken) or the field `k:<kind>` of a unique key another record holds. Each unique
 * key gets the record's copy. Checks everything before writing anything.
 */
export const INSERT = script(
  'insert',
  `${HOLDER}
local rec, ids, member = KEYS[1], KEYS[2], ARGV[1]
local names = ${KEY_FIELDS}
if redis.call('EXISTS', rec) == 1 then return 'id' end
local n = 3
for j = 1, 4 do
  if ARGV[4 + j] ~= '' then
    local held = holder(KEYS[n])
    if held and held ~= member then return names[j] end
    n = n + 1
  end
end
local copy = table.concat({ member, ARGV[3], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[2], ARGV[4] }, '\\n')
local fields = { 'i', ARGV[2], 'v', ARGV[3], 'd', ARGV[4] }
local copies = {}
n = 3
for j = 1, 4 do
  if ARGV[4 + j] ~= '' then
    fields[#fields + 1] = names[j]
    fields[#fields + 1] = ARGV[4 + j]
    copies[#copies + 1] = KEYS[n]
    copies[#copies + 1] = copy
    n = n + 1
  end
end
if #copies > 0 then redis.call('MSET', unpack(copies)) end
redis.call('HSET', rec, unpack(fields))
redis.call('ZADD', ids, 0, member)
return 'ok'
`,
);

/**
 * Compare-and-set replace. KEYS: record. ARGV: base, member, expected version, new version,
 * data, id JSON, the four digests the record must still hold (7-10), then the four it holds
 * after (11-14), each in the order of {@link KEY_FIELDS}, '' for none, then the data the record
 * must still hold (15). Returns `ok`, the field of a unique key another record holds, or, when
 * the record is not the one expected (another version, other keys, other data, or gone),
 * `stale` followed by the record's {@link RECORD_FIELDS} as stored now (all nil: gone), read in
 * the same atomic step, so that the caller merges onto it without another round trip. The data
 * tells a token deleted and saved again under its id, version and keys from the one read
 * before. Moves only the unique keys that change (a refresh moves one) and writes the new copy
 * into each key the record holds. Checks everything before writing anything.
 */
export const REPLACE = script(
  'replace',
  `${HOLDER}
local rec = KEYS[1]
local base, member = ARGV[1], ARGV[2]
local names = ${KEY_FIELDS}
local held = redis.call('HMGET', rec, ${RECORD_FIELD_LIST})
local stale = held[2] ~= ARGV[3] or held[3] ~= ARGV[15]
for j = 1, 4 do
  if (held[j + 3] or '') ~= ARGV[6 + j] then stale = true end
end
if stale then return { 'stale', unpack(held) } end
for j = 1, 4 do
  local old, new = ARGV[6 + j], ARGV[10 + j]
  if new ~= '' and new ~= old then
    local other = holder(base .. names[j] .. ':' .. new)
    if other and other ~= member then return names[j] end
  end
end
local copy = table.concat({ member, ARGV[4], ARGV[11], ARGV[12], ARGV[13], ARGV[14], ARGV[6], ARGV[5] }, '\\n')
local fields = { 'v', ARGV[4], 'd', ARGV[5] }
local copies = {}
for j = 1, 4 do
  local field, old, new = names[j], ARGV[6 + j], ARGV[10 + j]
  if old ~= new and old ~= '' then
    local key = base .. field .. ':' .. old
    if holder(key) == member then redis.call('DEL', key) end
  end
  if new ~= '' then
    copies[#copies + 1] = base .. field .. ':' .. new
    copies[#copies + 1] = copy
    if new ~= old then
      fields[#fields + 1] = field
      fields[#fields + 1] = new
    end
  elseif old ~= '' then
    redis.call('HDEL', rec, field)
  end
end
if #copies > 0 then redis.call('MSET', unpack(copies)) end
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

/**
 * KEYS: a unique key. ARGV: base. Returns the holder's {@link RECORD_FIELDS} (HMGET), or nil.
 * A find reads a key's copy with one GET; this script is for a key written before copies
 * existed (its value is the bare member). The field names are part of the script, not its
 * arguments: fewer bytes to send and to convert for Lua.
 */
export const FIND = script(
  'find',
  `${HOLDER}
local member = holder(KEYS[1])
if not member then return false end
return redis.call('HMGET', ARGV[1] .. 'r:' .. member, ${RECORD_FIELD_LIST})
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
