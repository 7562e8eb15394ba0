/**
 * Pauses reservations until a time, unless already paused for longer.
 * KEYS[1]: pause key. ARGV: until (epoch ms), now (epoch ms).
 */
export const pauseLua = `
local until_ms, now = tonumber(ARGV[1]), tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ms > now and until_ms > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', math.ceil(until_ms - now))
end
return 0
`;
