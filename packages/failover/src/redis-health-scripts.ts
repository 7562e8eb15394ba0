/**
 * Lua for the Redis health store. Every script touches only the two keys of one provider and
 * model, which share a hash tag, so each runs atomically on one node of a cluster too.
 *
 * KEYS[1]: sorted set of samples, scored by time, member `<seq>:<ok 1|0>:<latencyMs>` (the
 *          zero-padded sequence keeps members unique and in insertion order among equal times).
 * KEYS[2]: hash of `state`, `since` (the circuit), `consecutive` (failures) and `seq`.
 */

// Reads the samples after `from` (keeping older ones: readers ask over different windows) and
// returns the snapshot fields as strings, because Redis truncates Lua numbers to integers and
// latencies are fractional.
const snapshot = `
local function snapshot(from)
  local members = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. from, '+inf')
  local failures, successes, latency = 0, 0, 0
  for _, member in ipairs(members) do
    local ok, ms = string.match(member, '^%d+:(%d):(.+)$')
    if ok == '1' then
      successes = successes + 1
      latency = latency + tonumber(ms)
    else
      failures = failures + 1
    end
  end
  local state = redis.call('HMGET', KEYS[2], 'state', 'since', 'consecutive')
  return {
    state[1] or 'closed', state[2] or '0', tostring(#members), tostring(failures),
    state[3] or '0', tostring(successes), tostring(latency)
  }
end
`;

/** ARGV: from, at, ok (1|0), latencyMs, maxSamples, ttlMs. */
export const recordScript = `${snapshot}
local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
redis.call('ZADD', KEYS[1], ARGV[2], string.format('%016d', seq) .. ':' .. ARGV[3] .. ':' .. ARGV[4])
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[2], 'consecutive', 0)
else
  redis.call('HINCRBY', KEYS[2], 'consecutive', 1)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[6]))
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[5])
if excess > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1) end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return snapshot(ARGV[1])
`;

/** ARGV: from. */
export const readScript = `${snapshot}
return snapshot(ARGV[1])
`;

/** KEYS[1]: the state hash. ARGV: expected state, next state, since, ttlMs. Returns 1 if moved. */
export const transitionScript = `
local current = redis.call('HGET', KEYS[1], 'state') or 'closed'
if current ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'since', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;
