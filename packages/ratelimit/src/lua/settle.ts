import { holdsLua } from './holds.js';
import { windowStateLua } from './window-state.js';

/**
 * Ends a reservation once: corrects windows to actual use, adds actual spend, drops its holds and
 * leases, and marks it ended, so a late reserve, renewal or second end of it does nothing.
 * KEYS: the end marker, window keys, each budget's hash and holds, lease keys (in the order of
 * the settlement). ARGV[1]: the settlement as JSON (`now`, `id`, `ttlMs`, `abandoned`,
 * `windows`, `budgets`). An abandoned reservation corrects its windows only if it was made.
 */
export const settleLua = `${windowStateLua}${holdsLua}
local s = cjson.decode(ARGV[1])
local now, id = s.now, s.id
local nw, nb = #s.windows, #s.budgets
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end

-- Made, as far as can be told: a lease or hold of it is still live.
local made = false
for i = 1, nb do
  if drop_hold(KEYS[nw + 2 * i], KEYS[1 + nw + 2 * i], id, now) then
    made = true
  end
end
for i = 2 + nw + 2 * nb, #KEYS do
  local lapses = redis.call('ZSCORE', KEYS[i], id)
  if lapses then
    redis.call('ZREM', KEYS[i], id)
    made = made or tonumber(lapses) > now
  end
end

if s.abandoned ~= true or made then
  for i, w in ipairs(s.windows) do
    local key, field = KEYS[1 + i], slot_field(w.slot)
    local first = math.floor(now / w.slotMs) - w.span + 1
    if w.slot >= first and redis.call('HEXISTS', key, field) == 1 then
      redis.call('HINCRBY', key, field, w.delta)
    end
  end
  for i, budget in ipairs(s.budgets) do
    local hash, ttl = KEYS[nw + 2 * i], budget.expireAt - now
    if ttl > 0 and budget.spent ~= 0 then
      redis.call('HINCRBYFLOAT', hash, 'spent', budget.spent)
      redis.call('PEXPIRE', hash, math.ceil(ttl))
    end
  end
end
redis.call('SET', KEYS[1], '1', 'PX', 2 * s.ttlMs)
return 0
`;
