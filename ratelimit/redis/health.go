package redis

import (
	"log/slog"
	"sync"
	"time"
)

// health is whether the Limiter uses Redis or its fallback: up until a
// call to Redis fails, then down, with one call let through every
// retryEvery to see whether Redis is back. It logs each change once.
//
// Each change starts a new generation; a call reports its outcome with
// the generation it was let through in, and an outcome of an older one
// (a call in flight across the change) changes nothing. It is safe for
// concurrent use.
type health struct {
	log        *slog.Logger
	key        string // the store's key, for the log
	retryEvery time.Duration

	mu        sync.Mutex
	gen       uint64
	down      bool
	since     time.Time // of the change to down
	nextProbe time.Time // while down, when a call may try Redis again
	probing   bool      // while down, a call is trying Redis
}

// try reports whether a call may use Redis now, and the generation to
// report its outcome with: always while up; while down, one call once
// retryEvery has passed since the last failure.
func (h *health) try(now time.Time) (bool, uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.down {
		return true, h.gen
	}
	if h.probing || now.Before(h.nextProbe) {
		return false, h.gen
	}
	h.probing = true
	return true, h.gen
}

// up reports whether Redis is in use, and the generation, without
// claiming a probe.
func (h *health) up() (bool, uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return !h.down, h.gen
}

// failed records that a call of generation gen to Redis failed with err.
func (h *health) failed(gen uint64, now time.Time, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if gen != h.gen {
		return
	}
	h.probing = false
	h.nextProbe = now.Add(h.retryEvery)
	if h.down {
		return
	}
	h.down, h.since, h.gen = true, now, h.gen+1
	h.log.Warn("leadfox: shared rate limiter unavailable, using the in-process limiter until Redis answers again",
		"key", h.key, "error", err.Error(), "retry_every", h.retryEvery)
}

// abandon records that a call of generation gen to Redis ended with its
// caller's context, which says nothing of Redis.
func (h *health) abandon(gen uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if gen == h.gen {
		h.probing = false
	}
}

// succeeded records that a call of generation gen to Redis succeeded.
func (h *health) succeeded(gen uint64, now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if gen != h.gen || !h.down {
		return
	}
	h.down, h.probing, h.gen = false, false, h.gen+1
	h.log.Info("leadfox: shared rate limiter back, using Redis again",
		"key", h.key, "degraded_for", now.Sub(h.since))
}
