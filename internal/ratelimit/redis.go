package ratelimit

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// KeySpace is inserted between the store's prefix and the caller's key.
const KeySpace = "ratelimit:"

// allowScript counts and reads the window in one atomic step, so
// concurrent requests on any number of instances see distinct counts:
// INCR, PEXPIRE when this request opened the window (or the key somehow
// has no expiry), then PTTL.
var allowScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
local ttl = -1
if n > 1 then ttl = redis.call('PTTL', KEYS[1]) end
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`)

// Redis counts in Redis, shared by every instance using the same prefix.
type Redis struct {
	client redis.Scripter
	prefix string
	// Fallback, when set, decides requests while Redis fails (for example
	// a Memory limiter, so limits stay per-instance instead of vanishing).
	// Without it those requests are allowed. Either way Allow returns the
	// Redis error too.
	Fallback Limiter
}

// NewRedis counts under prefix+KeySpace+key on client (kv.Redis's Client()
// and Prefix()).
func NewRedis(client redis.Scripter, prefix string) *Redis {
	return &Redis{client: client, prefix: prefix}
}

// Allow counts one request under key with a single atomic script.
func (r *Redis) Allow(ctx context.Context, key string, limit int, window time.Duration) (Result, error) {
	if !validRule(limit, window) {
		return openResult(limit, window), ErrInvalidRule
	}
	ms := window.Milliseconds()
	vals, err := allowScript.Run(ctx, r.client, []string{r.prefix + KeySpace + key}, ms).Int64Slice()
	if err == nil && len(vals) != 2 {
		err = fmt.Errorf("unexpected script reply %v", vals)
	}
	if err != nil {
		err = fmt.Errorf("ratelimit: redis: %w", err)
		if r.Fallback != nil {
			res, ferr := r.Fallback.Allow(ctx, key, limit, window)
			if ferr != nil {
				return openResult(limit, window), err
			}
			return res, err
		}
		return openResult(limit, window), err
	}
	return decide(vals[0], limit, time.Duration(vals[1])*time.Millisecond), nil
}
