-- How far behind each consumer group is, for metrics, in one round trip and without sending entries over the wire.
-- KEYS: stream, dead-letter stream, stream, dead-letter stream, ...   ARGV: lag cap, group, group, ...
-- Returns per group: { pending, lag, age in ms of the oldest entry not yet delivered to the group (0: none),
-- dead-letter stream length }.
-- XINFO GROUPS reports lag on Redis 7 only; otherwise the entries after the group's last-delivered-id are counted here,
-- up to the cap (so a larger lag shows as the cap).
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local cap = tonumber(ARGV[1])
local result = {}
for i = 1, #KEYS / 2 do
    local stream, dead_letters, group = KEYS[2 * i - 1], KEYS[2 * i], ARGV[i + 1]
    local pending, lag, age = 0, 0, 0
    if redis.call('EXISTS', stream) == 1 then
        local last = '0-0'
        local reported = false
        for _, info in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
            local fields = {}
            for j = 1, #info, 2 do
                fields[info[j]] = info[j + 1]
            end
            if fields['name'] == group then
                pending = fields['pending']
                last = fields['last-delivered-id']
                if type(fields['lag']) == 'number' then
                    lag = fields['lag']
                    reported = true
                end
            end
        end
        local next = redis.call('XRANGE', stream, '(' .. last, '+', 'COUNT', 1)
        if #next > 0 then
            age = math.max(0, now_ms - tonumber(string.match(next[1][1], '^(%d+)')))
            if not reported then
                lag = #redis.call('XRANGE', stream, '(' .. last, '+', 'COUNT', cap)
            end
        end
    end
    result[i] = { pending, lag, age, redis.call('XLEN', dead_letters) }
end
return result
