package redis

import (
	"context"
	_ "embed"
	"fmt"
	"net/http"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/leadfox-go/leadfox/facade"
)

// script is the shared limiter's state machine, run atomically on the
// server; limiter.lua documents its arguments and state.
//
//go:embed limiter.lua
var script string

// The modes of the script.
const (
	modeAcquire = "acquire"
	modeConfirm = "confirm"
	modeReport  = "report"
)

// An answer is the script's reply to acquire or confirm.
type answer struct {
	// granted: the attempt may go after wait (a reserved slot, to
	// confirm), or at once if wait is 0; otherwise sleep wait and ask
	// again.
	granted bool
	wait    time.Duration
}

// A store holds the shared state. Its methods make one call to the
// server each, bounded by ctx.
type store interface {
	acquire(ctx context.Context, bulk bool) (answer, error)
	confirm(ctx context.Context) (answer, error)
	// report returns the shared rate in requests per second if the
	// outcome lowered it, and 0 otherwise.
	report(ctx context.Context, res facade.LimitResult) (float64, error)
}

// redisStore is the store of one tenant's key on a Redis server.
type redisStore struct {
	client  goredis.Scripter
	script  *goredis.Script
	key     string
	ttl     time.Duration
	ceiling float64
	// now, if not nil, is the time the script takes instead of the
	// server's (for tests on a fake clock).
	now func() time.Time
}

func newRedisStore(client goredis.Scripter, key string, ttl time.Duration, ceiling float64) *redisStore {
	return &redisStore{client: client, script: goredis.NewScript(script), key: key, ttl: ttl, ceiling: ceiling}
}

func (s *redisStore) acquire(ctx context.Context, bulk bool) (answer, error) {
	flag := "0"
	if bulk {
		flag = "1"
	}
	return s.ask(ctx, modeAcquire, flag)
}

func (s *redisStore) confirm(ctx context.Context) (answer, error) {
	return s.ask(ctx, modeConfirm, "")
}

func (s *redisStore) report(ctx context.Context, res facade.LimitResult) (float64, error) {
	class := "ok"
	switch res.Status {
	case 0:
		class = "none"
	case http.StatusTooManyRequests:
		class = "limited"
	}
	retryAfter := int64(-1)
	if res.Status == 429 && res.HasRetryAfter {
		retryAfter = max(0, res.RetryAfter.Microseconds())
	}
	v, err := s.run(ctx, modeReport, class, strconv.FormatInt(retryAfter, 10))
	if err != nil || v[0] != 1 {
		return 0, err
	}
	return float64(v[1]) / 1000, nil
}

// ask runs a mode that answers whether to go.
func (s *redisStore) ask(ctx context.Context, mode, arg string) (answer, error) {
	v, err := s.run(ctx, mode, arg, "-1")
	if err != nil {
		return answer{}, err
	}
	return answer{granted: v[0] == 1, wait: time.Duration(v[1]) * time.Microsecond}, nil
}

// run runs the script in mode with the arguments 4 and 5, and returns
// its two numbers.
func (s *redisStore) run(ctx context.Context, mode, arg4, arg5 string) ([2]int64, error) {
	now := int64(0)
	if s.now != nil {
		now = s.now().UnixMicro()
	}
	args := []any{mode, now, s.ttl.Milliseconds(), arg4, arg5, strconv.FormatFloat(s.ceiling, 'f', -1, 64)}
	v, err := s.script.Run(ctx, s.client, []string{s.key}, args...).Int64Slice()
	if err != nil {
		return [2]int64{}, err
	}
	if len(v) != 2 {
		return [2]int64{}, fmt.Errorf("the limiter script answered %d numbers, want 2", len(v))
	}
	return [2]int64{v[0], v[1]}, nil
}
