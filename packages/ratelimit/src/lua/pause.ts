/**
 * Pauses reservations until a time, unless already paused for longer.
 * KEYS[1]: pause key. ARGV[1]: JSON `{ untilMs, now }` (epoch ms).
 */
export const pauseLua = `
local p = cjson.decode(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if p.untilMs > p.now and p.untilMs > current then
  redis.call('SET', KEYS[1], string.format('%d', p.untilMs), 'PX', math.ceil(p.untilMs - p.now))
end
return 0
`;
