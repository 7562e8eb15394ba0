import { holdsLua } from './holds.js';
import { windowStateLua } from './window-state.js';

/**
 * Checks and takes every limit of a reservation in one step.
 * KEYS: pause key, the reservation's end marker, window keys, each budget's hash and holds,
 * lease keys (in the plan's order).
 * ARGV[1]: the plan as JSON (`now`, `id`, `ttlMs`, `windows`, `budgets`, `leases`; a limit of -1
 * only counts; `countOnly` skips the pause). Returns { code, index, retryAfterMs }: code 0 ok, 1 paused, 2 budget spent,
 * 3 window, 4 concurrency, 5 budget held by calls in flight, 6 the reservation has ended already.
 */
export const reserveLua = `${windowStateLua}${holdsLua}
local plan = cjson.decode(ARGV[1])
local now, until_ms = plan.now, plan.now + plan.ttlMs
local nw, nb = #plan.windows, #plan.budgets
local function window_key(i) return KEYS[2 + i] end
local function budget_keys(i) return KEYS[1 + nw + 2 * i], KEYS[2 + nw + 2 * i] end
local function lease_key(i) return KEYS[2 + nw + 2 * nb + i] end

-- Its caller gave up on it and ended it already: this command came late.
if redis.call('EXISTS', KEYS[2]) == 1 then
  return { 6, 0, -1 }
end

local held_block = -1
for i, budget in ipairs(plan.budgets) do
  if budget.limit >= 0 then
    local hash, holds = budget_keys(i)
    local spent = tonumber(redis.call('HGET', hash, 'spent') or '0')
    if spent >= budget.limit or spent + budget.cost > budget.limit then
      return { 2, i - 1, -1 }
    end
    if held_block < 0 and spent + live_holds(hash, holds, now) + budget.cost > budget.limit then
      held_block = i - 1
    end
  end
end

local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if not plan.countOnly and paused > now then
  return { 1, 0, math.ceil(paused - now) }
end

local worst, worst_wait = -1, 0
for i, w in ipairs(plan.windows) do
  local used, slots = window_state(window_key(i), now, w.slotMs, w.span)
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
  local key = lease_key(i)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  if lease.limit >= 0 and redis.call('ZCARD', key) >= lease.limit then
    return { 4, i - 1, -1 }
  end
end

for i, w in ipairs(plan.windows) do
  local key = window_key(i)
  redis.call('HINCRBY', key, slot_field(math.floor(now / w.slotMs)), w.cost)
  redis.call('PEXPIRE', key, w.span * w.slotMs)
end
for i, budget in ipairs(plan.budgets) do
  if budget.limit >= 0 and budget.cost > 0 then
    local hash, holds = budget_keys(i)
    local keep = math.ceil(budget.expireAt - now)
    keep_hold(hash, holds, plan.id, budget.cost, until_ms)
    redis.call('PEXPIRE', hash, keep)
    redis.call('PEXPIRE', holds, keep)
  end
end
for i = 1, #plan.leases do
  local key = lease_key(i)
  redis.call('ZADD', key, until_ms, plan.id)
  keep_key(key, plan.ttlMs)
end
return { 0, 0, 0 }
`;
