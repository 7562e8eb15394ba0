import { windowStateLua } from './window-state.js';

/**
 * Corrects windows to actual use, moves budget holds to actual spend, and ends the leases.
 * KEYS: window keys, budget keys, lease keys (in the settlement's order).
 * ARGV[1]: the settlement as JSON (`now`, `id`, `windows`, `budgets`).
 */
export const settleLua = `${windowStateLua}
local s = cjson.decode(ARGV[1])
local now = s.now
local nw, nb = #s.windows, #s.budgets

for i, w in ipairs(s.windows) do
  local key, field = KEYS[i], slot_field(w.slot)
  local first = math.floor(now / w.slotMs) - w.span + 1
  if w.slot >= first and redis.call('HEXISTS', key, field) == 1 then
    redis.call('HINCRBY', key, field, w.delta)
  end
end
for i, budget in ipairs(s.budgets) do
  local key, ttl = KEYS[nw + i], budget.expireAt - now
  if ttl > 0 then
    redis.call('HINCRBYFLOAT', key, 'spent', budget.spent)
    redis.call('HINCRBYFLOAT', key, 'held', budget.held)
    redis.call('PEXPIRE', key, math.ceil(ttl))
  end
end
for i = nw + nb + 1, #KEYS do
  redis.call('ZREM', KEYS[i], s.id)
end
return 0
`;
