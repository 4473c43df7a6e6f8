package ratelimit

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Counter is a Limiter whose windows can also be read, given back and
// cleared: what counting only some requests needs (failed sign-ins). A
// caller reserves a place with Allow before the work, so concurrent
// requests cannot overshoot the limit, then gives it back with Undo when
// the request turned out not to count, or clears the key with Reset.
type Counter interface {
	Limiter
	// Peek returns key's count in its current window and the time left
	// in it, without counting (0, 0 when there is no window).
	Peek(ctx context.Context, key string) (count int64, ttl time.Duration, err error)
	// Undo takes one back from key's count, if its window is still open.
	Undo(ctx context.Context, key string) error
	// Reset ends key's window: the next Allow starts a new one.
	Reset(ctx context.Context, key string) error
}

// Peek reads key's window.
func (m *Memory) Peek(_ context.Context, key string) (int64, time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	w, ok := m.windows[key]
	if !ok || !now.Before(w.expires) {
		return 0, 0, nil
	}
	return w.count, w.expires.Sub(now), nil
}

// Undo takes one back from key's open window.
func (m *Memory) Undo(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if w, ok := m.windows[key]; ok && m.now().Before(w.expires) && w.count > 0 {
		w.count--
		m.windows[key] = w
	}
	return nil
}

// Reset drops key's window.
func (m *Memory) Reset(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.windows, key)
	return nil
}

// peekScript reads a window: its count and remaining milliseconds.
var peekScript = redis.NewScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = 0 end
return {n, ttl}
`)

// undoScript decrements a live window only: on a key that has expired,
// DECR would create a count of -1 with no expiry.
var undoScript = redis.NewScript(`
if redis.call('PTTL', KEYS[1]) > 0 and tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0
`)

var resetScript = redis.NewScript(`return redis.call('DEL', KEYS[1])`)

// Peek reads key's window in Redis, or in the Fallback while Redis fails
// (the Redis error is returned too).
func (r *Redis) Peek(ctx context.Context, key string) (int64, time.Duration, error) {
	vals, err := peekScript.Run(ctx, r.client, []string{r.prefix + KeySpace + key}).Int64Slice()
	if err == nil && len(vals) != 2 {
		err = fmt.Errorf("unexpected script reply %v", vals)
	}
	if err != nil {
		err = fmt.Errorf("ratelimit: redis: %w", err)
		if fb, ok := r.Fallback.(Counter); ok {
			n, ttl, _ := fb.Peek(ctx, key)
			return n, ttl, err
		}
		return 0, 0, err
	}
	return vals[0], time.Duration(vals[1]) * time.Millisecond, nil
}

// Undo gives back one count of key in Redis (and in the Fallback, which
// counted instead while Redis failed).
func (r *Redis) Undo(ctx context.Context, key string) error {
	return r.both(ctx, key, undoScript, Counter.Undo)
}

// Reset ends key's window in Redis and in the Fallback.
func (r *Redis) Reset(ctx context.Context, key string) error {
	return r.both(ctx, key, resetScript, Counter.Reset)
}

func (r *Redis) both(ctx context.Context, key string, script *redis.Script, fallback func(Counter, context.Context, string) error) error {
	if fb, ok := r.Fallback.(Counter); ok {
		_ = fallback(fb, ctx, key)
	}
	if err := script.Run(ctx, r.client, []string{r.prefix + KeySpace + key}).Err(); err != nil {
		return fmt.Errorf("ratelimit: redis: %w", err)
	}
	return nil
}

var (
	_ Counter = (*Memory)(nil)
	_ Counter = (*Redis)(nil)
)
