/**
 * Lua functions for budget holds, shared by the scripts. A budget is a hash of what settled calls
 * spent (`spent`), what calls in flight hold in all (`held`) and each call's hold (`h:<id>`); a
 * sorted set beside it gives the time each hold lapses unless renewed.
 */
export const holdsLua = `
-- Ends the hold of a reservation, if it has one; returns whether the hold was live at now.
local function drop_hold(hash, holds, id, now)
  local field = 'h:' .. id
  local amount = redis.call('HGET', hash, field)
  if not amount then
    return false
  end
  local live = tonumber(redis.call('ZSCORE', holds, id) or '0') > now
  redis.call('HDEL', hash, field)
  redis.call('ZREM', holds, id)
  if redis.call('ZCARD', holds) == 0 then
    -- Nothing is held: the total starts afresh rather than carry float error.
    redis.call('HDEL', hash, 'held')
  else
    redis.call('HINCRBYFLOAT', hash, 'held', -tonumber(amount))
  end
  return live
end

-- Drops the holds that lapsed by now; returns what the others hold.
local function live_holds(hash, holds, now)
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', holds, '-inf', now)) do
    drop_hold(hash, holds, id, now)
  end
  return tonumber(redis.call('HGET', hash, 'held') or '0')
end

-- Holds amount for a reservation until until_ms; an existing hold keeps its amount.
local function keep_hold(hash, holds, id, amount, until_ms)
  if redis.call('HSETNX', hash, 'h:' .. id, amount) == 1 then
    redis.call('HINCRBYFLOAT', hash, 'held', amount)
  end
  redis.call('ZADD', holds, until_ms, id)
end

-- Keeps a key until at least ttl from now.
local function keep_key(key, ttl)
  if redis.call('PTTL', key) < ttl then
    redis.call('PEXPIRE', key, ttl)
  end
end
`;
