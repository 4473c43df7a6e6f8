package ratelimit

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// AllowScriptPerCall is the unbatched path: one script, one round trip.
func (r *Redis) AllowScriptPerCall(ctx context.Context, key string, limit int, window time.Duration) (Result, error) {
	return r.allowDirect(ctx, key, limit, window)
}

// NewRedisDispatchers is NewRedis with n dispatchers (0: no batching).
func NewRedisDispatchers(client redis.Scripter, prefix string, n int) *Redis {
	return newRedis(client, prefix, n)
}

// AllowBatch counts one request per entry of keys as a single batch from
// one dispatcher, so calls on the same key are certainly coalesced.
func (r *Redis) AllowBatch(ctx context.Context, keys []string, limit int, window time.Duration) ([]Result, []error) {
	d := &dispatch{index: map[groupKey]int{}}
	calls := make([]*call, len(keys))
	for i, k := range keys {
		calls[i] = &call{ctx: ctx, key: r.prefix + KeySpace + k, ms: window.Milliseconds(), reply: make(chan reply, 1)}
		d.batch = append(d.batch, calls[i])
	}
	r.batch.exec(d)
	res, errs := make([]Result, len(keys)), make([]error, len(keys))
	for i, c := range calls {
		rep := <-c.reply
		res[i], errs[i] = r.decide(ctx, keys[i], limit, window, rep.count, rep.ttl, rep.err)
	}
	return res, errs
}
