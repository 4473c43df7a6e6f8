package ratelimit_test

import (
	"context"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/ratelimit"
)

// Peek, Undo and Reset on both stores: reserve with Allow, give back with
// Undo, clear with Reset; none of them opens a window of its own.
func TestCounterPeekUndoReset(t *testing.T) {
	client, prefix := redisClient(t)
	for name, c := range map[string]ratelimit.Counter{
		"memory": ratelimit.NewMemory(),
		"redis":  ratelimit.NewRedis(client, prefix),
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			const key, limit, window = "counter:k", 3, time.Minute
			if n, ttl, err := c.Peek(ctx, key); err != nil || n != 0 || ttl != 0 {
				t.Fatalf("empty: %d %s %v", n, ttl, err)
			}
			// Undo and Reset on no window create none.
			if err := c.Undo(ctx, key); err != nil {
				t.Fatal(err)
			}
			if err := c.Reset(ctx, key); err != nil {
				t.Fatal(err)
			}
			if n, _, _ := c.Peek(ctx, key); n != 0 {
				t.Fatalf("after Undo on nothing: %d", n)
			}
			for range limit {
				if res, err := c.Allow(ctx, key, limit, window); err != nil || !res.Allowed {
					t.Fatalf("allow: %+v %v", res, err)
				}
			}
			if res, _ := c.Allow(ctx, key, limit, window); res.Allowed {
				t.Fatal("over the limit allowed")
			}
			n, ttl, err := c.Peek(ctx, key)
			if err != nil || n != limit+1 || ttl <= 0 || ttl > window {
				t.Fatalf("peek: %d %s %v", n, ttl, err)
			}
			// Give back two: one more fits.
			_ = c.Undo(ctx, key)
			_ = c.Undo(ctx, key)
			if res, _ := c.Allow(ctx, key, limit, window); !res.Allowed || res.Remaining != 0 {
				t.Fatalf("after two Undo: %+v", res)
			}
			if err := c.Reset(ctx, key); err != nil {
				t.Fatal(err)
			}
			if n, _, _ := c.Peek(ctx, key); n != 0 {
				t.Fatalf("after Reset: %d", n)
			}
			if res, _ := c.Allow(ctx, key, limit, window); !res.Allowed || res.Remaining != limit-1 {
				t.Fatalf("after Reset a new window: %+v", res)
			}
		})
	}
}

// An Undo after the window ended leaves nothing behind in Redis (a plain
// DECR would leave a -1 with no expiry).
func TestRedisUndoAfterExpiryLeavesNoKey(t *testing.T) {
	client, prefix := redisClient(t)
	c := ratelimit.NewRedis(client, prefix)
	ctx := context.Background()
	if _, err := c.Allow(ctx, "undo:late", 1, 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(80 * time.Millisecond)
	if err := c.Undo(ctx, "undo:late"); err != nil {
		t.Fatal(err)
	}
	if n, err := client.Exists(ctx, prefix+ratelimit.KeySpace+"undo:late").Result(); err != nil || n != 0 {
		t.Fatalf("key left behind: exists=%d err=%v", n, err)
	}
}
