import { windowStateLua } from './window-state.js';

/**
 * What is used right now. KEYS: pause key, window keys, budget keys, lease keys.
 * ARGV[1]: the query as JSON (`now`, `windows`). Returns strings in key order: the pause
 * ('' when none), each window's total, what each budget's settled calls spent, each lease key's live leases.
 */
export const readLua = `${windowStateLua}
local q = cjson.decode(ARGV[1])
local now = q.now
local nw = #q.windows
local out = { redis.call('GET', KEYS[1]) or '' }
for i, w in ipairs(q.windows) do
  local used = window_state(KEYS[1 + i], now, w.slotMs, w.span)
  out[#out + 1] = tostring(used)
end
for i = nw + 2, #KEYS do
  if i <= nw + 1 + q.budgets then
    out[#out + 1] = redis.call('HGET', KEYS[i], 'spent') or '0'
  else
    out[#out + 1] = tostring(redis.call('ZCOUNT', KEYS[i], string.format('(%d', now), '+inf'))
  end
end
return out
`;
