import { windowStateLua } from './window-state.js';

/**
 * Checks and takes every limit of a reservation in one step.
 * KEYS: pause key, window keys, budget keys, lease keys (in the plan's order).
 * ARGV[1]: the plan as JSON (`now`, `id`, `windows`, `budgets`, `leases`; a limit of -1 only counts).
 * A budget is a hash of what settled calls spent and what calls in flight hold.
 * Returns { code, index, retryAfterMs }: code 0 ok, 1 paused, 2 budget spent, 3 window,
 * 4 concurrency, 5 budget held by calls in flight.
 */
export const reserveLua = `${windowStateLua}
local plan = cjson.decode(ARGV[1])
local now = plan.now
local nw, nb = #plan.windows, #plan.budgets

local held_block = -1
for i, budget in ipairs(plan.budgets) do
  local values = redis.call('HMGET', KEYS[1 + nw + i], 'spent', 'held')
  local spent, held = tonumber(values[1] or '0'), tonumber(values[2] or '0')
  if budget.limit >= 0 then
    if spent >= budget.limit or spent + budget.cost > budget.limit then
      return { 2, i - 1, -1 }
    end
    if held_block < 0 and spent + held + budget.cost > budget.limit then
      held_block = i - 1
    end
  end
end

local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if paused > now then
  return { 1, 0, math.ceil(paused - now) }
end

local worst, worst_wait = -1, 0
for i, w in ipairs(plan.windows) do
  local used, slots = window_state(KEYS[1 + i], now, w.slotMs, w.span)
  if w.limit >= 0 then
    local wait = wait_for_room(slots, used, now, w.slotMs, w.span, w.limit, w.cost)
    if wait > worst_wait then
      worst, worst_wait = i - 1, wait
    end
  end
end
if worst >= 0 then
  return { 3, worst, math.ceil(worst_wait) }
end
if held_block >= 0 then
  return { 5, held_block, -1 }
end

for i, lease in ipairs(plan.leases) do
  local key = KEYS[1 + nw + nb + i]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  if lease.limit >= 0 and redis.call('ZCARD', key) >= lease.limit then
    return { 4, i - 1, -1 }
  end
end

for i, w in ipairs(plan.windows) do
  local key = KEYS[1 + i]
  redis.call('HINCRBY', key, slot_field(math.floor(now / w.slotMs)), w.cost)
  redis.call('PEXPIRE', key, w.span * w.slotMs)
end
for i, budget in ipairs(plan.budgets) do
  local key = KEYS[1 + nw + i]
  redis.call('HINCRBYFLOAT', key, 'held', budget.cost)
  redis.call('PEXPIRE', key, math.ceil(budget.expireAt - now))
end
for i, lease in ipairs(plan.leases) do
  local key = KEYS[1 + nw + nb + i]
  redis.call('ZADD', key, now + lease.ttlMs, plan.id)
  if redis.call('PTTL', key) < lease.ttlMs then
    redis.call('PEXPIRE', key, lease.ttlMs)
  end
end
return { 0, 0, 0 }
`;
