/**
 * Lua functions shared by the scripts: the sliding window of `sliding-window.ts`, slot for slot.
 * A window is a hash of slot number → amount.
 */
export const windowStateLua = `
local function slot_field(slot)
  return string.format('%d', slot)
end

-- The counted total of a window and its counted slots, oldest first; forgets older slots.
local function window_state(key, now, slot_ms, span)
  local first = math.floor(now / slot_ms) - span + 1
  local raw = redis.call('HGETALL', key)
  local used, slots, stale = 0, {}, {}
  for i = 1, #raw, 2 do
    local slot = tonumber(raw[i])
    if slot < first then
      stale[#stale + 1] = raw[i]
    else
      local amount = tonumber(raw[i + 1])
      used = used + amount
      slots[#slots + 1] = { slot, amount }
    end
  end
  if #stale > 0 then
    redis.call('HDEL', key, unpack(stale))
  end
  table.sort(slots, function(a, b) return a[1] < b[1] end)
  return used, slots
end

-- Milliseconds until cost more fits under limit (0: it fits now; a whole window: never).
local function wait_for_room(slots, used, now, slot_ms, span, limit, cost)
  local need = used + cost - limit
  if need <= 0 then
    return 0
  end
  local freed = 0
  for _, entry in ipairs(slots) do
    freed = freed + entry[2]
    if freed >= need then
      return (entry[1] + span) * slot_ms - now
    end
  end
  return span * slot_ms
end
`;
