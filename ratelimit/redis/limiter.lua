-- The shared limiter of one tenant, run atomically by the server.
--
-- KEYS[1]  the tenant's state, a hash
-- ARGV[1]  mode: "acquire", "confirm" or "report"
-- ARGV[2]  the time in microseconds; 0 takes the server's TIME, the
--          clock every process sharing the key agrees on
-- ARGV[3]  the state's expiry in milliseconds, renewed on every write
-- ARGV[4]  acquire: "1" for an attempt of a bulk job, "0" otherwise;
--          report: "ok" (an answer other than 429), "limited" (a 429)
--          or "none" (no answer)
-- ARGV[5]  report: the 429's Retry-After in microseconds, -1 if none
-- ARGV[6]  the tenant's known rate in requests per second, the ceiling
--          of the rate; 0 if unknown (the rate is learnt from 429s)
--
-- acquire and confirm return {granted, wait}: granted 1 with wait 0
-- means send now; granted 1 with wait > 0, that a slot is reserved wait
-- microseconds ahead (sleep, then confirm); granted 0, to sleep wait and
-- ask again. report returns {1, rate} when a 429 decreased the rate, in
-- thousandths of requests per second, and {0, 0} otherwise.
--
-- The state (times in microseconds of the server's clock):
--   rate    requests per second all processes share; 0: unpaced, until
--           the first 429
--   tat     the theoretical arrival time of the next slot (GCRA)
--   pause   no attempt is let through before it (a 429's Retry-After)
--   resume  when sending last resumed: the end of the last pause
--   ok      answers other than 429 since resume
--   sent    attempts let through since resume
--   est     the server's rate estimated at the last decrease; 0 before
--   dec     the time of the last decrease
--   hold    the rate does not probe higher before it
--   raised  the time of the last raise, or the end of the pause of the
--           last decrease
--   strikes 429s since the last change of est that came below it

local BURST = 20000          -- a bulk attempt may go this far behind the schedule (a burst of 20 ms of the rate)
local AHEAD = 100000         -- an attempt of no bulk job may go this far ahead of it, before the bulk ones
local HORIZON = 100000       -- slots are reserved at most this far ahead
local COOLDOWN = 100000      -- 429s this soon after a decrease are echoes of the same overload
local RAISE_EVERY = 50000    -- successes raise the rate at most this often
local MIN_WINDOW = 500000    -- the shortest time since resume a 429 measures the server's rate over
local MIN_MEASURED = 10      -- and the fewest answers
local MIN_SPAN = 10000       -- the shortest time the rate of the first 429 is measured over
local MIN_RATE = 1.0         -- the lowest rate 429s bring the rate down to
local SLOW_START = 8         -- the first 429 sets the rate to the one attempts went at over this
local DECREASE = 0.9         -- a 429 sets the rate to this share of the server's estimated rate
local MARGIN = 0.97          -- the share of that estimate the rate recovers to quickly
local RECOVERY = 2.0         -- each second closes this many times the gap to it
local PROBE = 0.02           -- past the hold, each second adds this share of the rate,
local PROBE_ACCEL = 5000000  -- and as much again every this long past the hold
local FOUND = 1.05           -- a probe that raises the estimate by more than this share is no reason to hold
local PROBED = 0.95          -- a 429 while probing estimates the server's rate at least at this share of the rate
local HOLD_PER_SECOND = 30   -- seconds of hold per second of Retry-After
local STRIKES = 2            -- 429s below the estimate that lower it to the rate measured
local STRIKE_RESET = 10000000 -- a time without 429 that clears the strikes

local key = KEYS[1]
local mode = ARGV[1]
local now = tonumber(ARGV[2])
if now == 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local ttl = tonumber(ARGV[3])
local ceiling = tonumber(ARGV[6])

local f = redis.call('HMGET', key, 'rate', 'tat', 'pause', 'resume', 'ok', 'sent', 'est', 'dec', 'hold', 'raised', 'strikes')
local s = {
  rate = tonumber(f[1]) or ceiling,
  tat = tonumber(f[2]) or 0,
  pause = tonumber(f[3]) or 0,
  resume = tonumber(f[4]) or now,
  ok = tonumber(f[5]) or 0,
  sent = tonumber(f[6]) or 0,
  est = tonumber(f[7]) or ceiling,
  dec = tonumber(f[8]) or 0,
  hold = tonumber(f[9]) or 0,
  raised = tonumber(f[10]) or now,
  strikes = tonumber(f[11]) or 0,
}

local function save()
  redis.call('HSET', key,
    'rate', string.format('%.6f', s.rate), 'tat', string.format('%.0f', s.tat),
    'pause', string.format('%.0f', s.pause), 'resume', string.format('%.0f', s.resume),
    'ok', string.format('%d', s.ok), 'sent', string.format('%d', s.sent),
    'est', string.format('%.6f', s.est), 'dec', string.format('%.0f', s.dec),
    'hold', string.format('%.0f', s.hold), 'raised', string.format('%.0f', s.raised),
    'strikes', string.format('%d', s.strikes))
  redis.call('PEXPIRE', key, ttl)
end

local function cap(rate)
  rate = math.max(MIN_RATE, rate)
  if ceiling > 0 then rate = math.min(rate, ceiling) end
  return rate
end

-- acquire: a slot on the shared schedule, unless a pause is on.
local function acquire(bulk)
  if s.pause > now then return {0, math.ceil(s.pause - now)} end
  if s.rate <= 0 then
    s.sent = s.sent + 1
    save()
    return {1, 0}
  end
  local slot = math.max(s.tat, now - BURST)
  local wait = slot - now
  if not bulk then wait = wait - AHEAD end
  if wait > HORIZON then return {0, math.ceil(wait - HORIZON)} end
  s.tat = slot + 1000000 / s.rate
  s.sent = s.sent + 1
  save()
  return {1, math.max(0, math.ceil(wait))}
end

-- raise: an answer other than 429 raises the rate: doubling each second
-- before the server's rate is estimated, closing the gap to MARGIN of
-- the estimate quickly, then probing higher past the hold.
local function raise()
  if s.rate <= 0 or now < s.raised + RAISE_EVERY then return end
  local dt = math.min(now - s.raised, 1000000) / 1000000
  if s.est <= 0 then
    s.rate = s.rate * 2 ^ dt
  elseif s.rate < 0.99 * MARGIN * s.est then
    -- (within 1 % of it counts as there: closing a share of the gap
    -- never closes it)
    s.rate = s.rate + (MARGIN * s.est - s.rate) * math.min(1, RECOVERY * dt)
  elseif now >= s.hold then
    s.rate = s.rate * (1 + PROBE * dt * (1 + (now - s.hold) / PROBE_ACCEL))
  end
  s.rate = cap(s.rate)
  s.raised = now
end

-- learn: a 429 in steady state moves the estimate to the rate measured
-- if that is above it (a probe found more), or on the STRIKES-th 429
-- below it: a single one may be a burst the server refused, not a lower
-- rate.
local function learn(measured)
  if now - s.dec > STRIKE_RESET then s.strikes = 0 end
  if measured > s.est then
    -- a probe that found much more goes on probing, without a hold
    local found = measured > FOUND * s.est
    s.est, s.strikes = measured, 0
    return found
  end
  s.strikes = s.strikes + 1
  if s.strikes >= STRIKES then
    s.est, s.strikes = measured, 0
  end
  return false
end

-- decrease: a 429 that is not an echo sets the rate from the server's
-- rate as the answers since sending resumed measure it.
local function decrease(retryAfter)
  local span = now - s.resume
  local measured = 0
  if span >= MIN_WINDOW and s.ok >= MIN_MEASURED then
    measured = math.min(s.ok * 1000000 / span, s.rate)
  end
  if s.rate <= 0 then
    s.rate = cap(s.sent * 1000000 / math.max(span, MIN_SPAN) / SLOW_START)
  elseif s.est <= 0 and measured > 0 then
    -- the end of slow start: the rate measured over its ramp is a lower
    -- bound of the server's, so the rate probes higher without a hold
    s.est = measured
    s.rate = cap(DECREASE * s.est)
    retryAfter = 0
  elseif s.est <= 0 then
    s.rate = cap(s.rate / 2)
  else
    -- a 429 too soon after a pause to measure counts as one at 0.9 of
    -- the estimate; one while probing above the estimate, as one at
    -- PROBED of the rate probed at least, since the rate measured lags
    -- behind the probe's ramp
    local at = measured > 0 and measured or DECREASE * s.est
    if s.rate > s.est then at = math.max(at, PROBED * s.rate) end
    if learn(at) then retryAfter = 0 end
    s.rate = cap(math.min(s.rate, DECREASE * s.est))
  end
  s.hold = now + HOLD_PER_SECOND * retryAfter
  s.dec = now
  s.resume = math.max(now, s.pause)
  s.raised = s.resume -- the pause is no time to raise the rate in
  s.ok, s.sent = 0, 0
end

if mode == 'acquire' then
  return acquire(ARGV[4] == '1')
elseif mode == 'confirm' then
  if s.pause > now then return {0, math.ceil(s.pause - now)} end
  return {1, 0}
end

local class = ARGV[4]
if class == 'ok' then
  s.ok = s.ok + 1
  raise()
elseif class == 'limited' then
  local retryAfter = tonumber(ARGV[5])
  local echo = s.pause > now or now - s.dec < COOLDOWN
  if retryAfter >= 0 and now + retryAfter > s.pause then
    s.pause = now + retryAfter
    s.tat = math.max(s.tat, s.pause)
  end
  if not echo then
    decrease(math.max(retryAfter, 0))
    save()
    return {1, math.floor(s.rate * 1000)}
  end
end
save()
return {0, 0}
