import { holdsLua } from './holds.js';

/**
 * Keeps live reservations' leases and holds for another ttl, putting back any the store lost
 * (a restart, or a lapse while it could not be reached), unless the reservation has ended; and
 * keeps the renewing process on the list of live processes. Works key by key, a few commands for
 * each lease and budget key however many reservations share it.
 * KEYS: the process list, then every key the reservations name (once each).
 * ARGV[1]: JSON `{ now, process?: { id, ttlMs }, ids, ttls, ended, leases: [{ key, ttl, members }],
 * budgets: [{ hash, holds, expireAt, members: [[reservation, amount]] }] }`: keys are indexes
 * into KEYS, reservations indexes into `ids`. Returns the number of live processes.
 */
export const renewLua = `${holdsLua}
local r = cjson.decode(ARGV[1])
local now = r.now
local CHUNK = 1000

-- Which reservations have not ended: their end marks, one MGET per chunk.
local live = {}
for first = 1, #r.ids, CHUNK do
  local last = math.min(#r.ids, first + CHUNK - 1)
  local marks = {}
  for i = first, last do
    marks[#marks + 1] = KEYS[r.ended[i]]
  end
  local found = redis.call('MGET', unpack(marks))
  for i = first, last do
    live[i] = not found[i - first + 1]
  end
end

-- { until, id, ... } of a key's live members, and a command run on it a chunk at a time.
local function lapse_times(members)
  local args = {}
  for _, i in ipairs(members) do
    if live[i] then
      args[#args + 1] = now + r.ttls[i]
      args[#args + 1] = r.ids[i]
    end
  end
  return args
end
local function in_chunks(command, key, args)
  for first = 1, #args, CHUNK do
    redis.call(command, key, unpack(args, first, math.min(#args, first + CHUNK - 1)))
  end
end

for _, lease in ipairs(r.leases) do
  in_chunks('ZADD', KEYS[lease.key], lapse_times(lease.members))
  keep_key(KEYS[lease.key], lease.ttl)
end

for _, budget in ipairs(r.budgets) do
  local keep = math.ceil(budget.expireAt - now)
  if keep > 0 then
    local hash, holds = KEYS[budget.hash], KEYS[budget.holds]
    local members, fields = {}, {}
    for _, member in ipairs(budget.members) do
      if live[member[1]] then
        members[#members + 1] = member
        fields[#fields + 1] = 'h:' .. r.ids[member[1]]
      end
    end
    -- Holds the store lost are put back, and added to the total held.
    local missing, added = {}, 0
    for first = 1, #fields, CHUNK do
      local last = math.min(#fields, first + CHUNK - 1)
      local amounts = redis.call('HMGET', hash, unpack(fields, first, last))
      for j = first, last do
        if not amounts[j - first + 1] then
          missing[#missing + 1] = fields[j]
          missing[#missing + 1] = members[j][2]
          added = added + members[j][2]
        end
      end
    end
    in_chunks('HSET', hash, missing)
    if added > 0 then
      redis.call('HINCRBYFLOAT', hash, 'held', added)
    end
    local indexes = {}
    for j, member in ipairs(members) do
      indexes[j] = member[1]
    end
    in_chunks('ZADD', holds, lapse_times(indexes))
    redis.call('PEXPIRE', hash, keep)
    redis.call('PEXPIRE', holds, keep)
  end
end

local processes = KEYS[1]
redis.call('ZREMRANGEBYSCORE', processes, '-inf', now)
if r.process then
  redis.call('ZADD', processes, now + r.process.ttlMs, r.process.id)
  keep_key(processes, r.process.ttlMs)
end
return redis.call('ZCARD', processes)
`;
