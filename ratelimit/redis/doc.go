// Package redis is a [facade.Limiter] shared through Redis, so that every
// process calling the Leadfox API with one tenant's keys (the workers of
// a sync, the web servers upserting contacts on sign-up) paces its calls
// at one rate and honours one pause, instead of each learning and
// pausing alone. It is a module of its own
// (github.com/leadfox-go/leadfox/ratelimit/redis), so that the SDK gains
// no dependency on a Redis client; it is built on
// github.com/redis/go-redis/v9, whose package is also named redis:
// import that one under another name, such as goredis.
//
//	rdb := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:6379"})
//	lim, err := redis.New(redis.Config{Client: rdb, Prefix: redis.KeyPrefix(apiKey)})
//	...
//	client, err := facade.New(apiKey, secret, facade.WithLimiter(lim))
//
// # What it does
//
// The state of a tenant is one Redis hash under Config.Prefix, read and
// written only by a Lua script the server runs atomically, on the
// server's clock (TIME), so processes on machines whose clocks differ
// agree. It expires Config.TTL after its last use, so nothing
// accumulates.
//
//   - A 429's Retry-After is a pause for every process sharing the
//     prefix: no attempt is let through before it ends, and the attempts
//     waiting then go at the shared rate, not all at once.
//   - One rate, shared: every attempt takes a slot of one schedule (a
//     generic cell rate algorithm). The rate is Config.Rate if known;
//     otherwise attempts go unpaced until the first 429, then start at
//     an eighth of the rate they went at and double each second until
//     the next 429, whose rate of answers since the last pause is the
//     first estimate of the server's rate. A 429 sets the rate to 0.9 of
//     the estimate; each second then closes twice the gap to 0.97 of
//     it, where the rate holds for 30 s per second of the last
//     Retry-After (none after slow start, whose estimate is low, or
//     after a probe that raised the estimate by more than 5 %), then
//     probes higher, faster the longer no 429 comes. A 429 while probing
//     raises the estimate to 0.95 of the rate probed, or to the rate
//     measured if higher; a 429 below the estimate lowers it to the rate
//     measured only if another came within 10 s, since one may be a
//     burst the server refused. 429s within 100 ms of a decrease, or
//     during a pause, are echoes of the same overload and change
//     nothing but the pause. The process whose 429 lowers the rate logs
//     it at Info.
//   - An attempt of no bulk job (LimitRequest.Bulk false, such as a
//     single upsert on a web request) may go up to 100 ms ahead of the
//     schedule, before the attempts of bulk jobs, so that a sync does not
//     slow down the latency-sensitive callers sharing its budget.
//
// # Failing safe
//
// Every call to Redis is bounded by Config.Timeout, whatever the
// client's own timeouts (set ContextTimeoutEnabled on a go-redis client
// so that the call itself ends then too). When one fails (Redis
// unreachable, slow, restarted, or answering an error), the Limiter logs
// it once at Warn and uses Config.Fallback, the in-process limiter, for
// every call; once per Config.RetryEvery one call tries Redis again, and
// when it answers the Limiter logs that once at Info and shares again.
// No call fails because of Redis: Wait returns an error only when its
// context ends. A Redis restarted without persistence comes back empty,
// and the rate is learnt again.
//
// # What it cannot do
//
//   - It shares only among processes that use it with the same prefix
//     and the same Redis (or cluster); a process without it, or with
//     another prefix, is not paced with them.
//   - It paces attempts, not the server's work: it cannot know how the
//     server counts (a token bucket, windows, concurrency) and learns
//     only from 429s, so a tenant whose rate is unknown pays a few 429s
//     and their pauses at the start of a job, and one now and then when
//     the rate probes higher.
//   - A pause is everyone's: a latency-sensitive caller sharing the
//     limiter with bulk jobs waits out every pause their 429s set, where
//     with a limiter of its own it would wait only after its own 429s
//     (BENCHMARKS.md measures both). Going ahead of the bulk schedule
//     keeps it out of their pacing, not out of their pauses.
//   - While on the fallback, each process learns and pauses alone, as
//     without this package, and pauses it learnt are not written to Redis
//     when it comes back.
//   - Each attempt costs one to three round trips to Redis (a slot, a
//     confirmation after waiting for a reserved one, the outcome): keep
//     Redis close to the processes. Done makes its call synchronously,
//     bounded by Config.Timeout.
//   - A slot reserved before a pause starts is checked again when it
//     comes, but the attempts already sent when a 429 arrives are not
//     recalled: their 429s are the echoes above.
package redis
