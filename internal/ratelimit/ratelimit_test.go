package ratelimit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bazi-master/bazi-master/internal/ratelimit"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// redisClient connects to the test Redis; the prefix's keys are removed
// when the test ends.
func redisClient(t testing.TB) (*redis.Client, string) {
	t.Helper()
	u, prefix := testutil.Redis(t)
	opts, err := redis.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opts)
	t.Cleanup(func() { _ = c.Close() })
	return c, prefix
}

// hammer sends n concurrent requests for key through the limiters (round
// robin, as through several instances) and returns how many were allowed.
func hammer(t *testing.T, n, limit int, window time.Duration, key string, lims ...ratelimit.Limiter) int {
	t.Helper()
	var allowed atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := lims[i%len(lims)].Allow(context.Background(), key, limit, window)
			if err != nil {
				errs <- err
				return
			}
			if res.Allowed {
				allowed.Add(1)
				if res.RetryAfter != 0 || res.Remaining < 0 || res.Remaining >= limit {
					errs <- fmt.Errorf("allowed result is inconsistent: %+v", res)
				}
			} else if res.RetryAfter <= 0 || res.RetryAfter > window || res.Remaining != 0 {
				errs <- fmt.Errorf("refused result is inconsistent: %+v", res)
			}
			if res.Limit != limit || res.Reset <= 0 || res.Reset > window {
				errs <- fmt.Errorf("result for limit %d window %s: %+v", limit, window, res)
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	return int(allowed.Load())
}

// expires checks that a full window opens again once it ends, polling
// rather than sleeping a fixed time.
func expires(t *testing.T, lim ratelimit.Limiter, key string) {
	t.Helper()
	const limit, window = 3, time.Second
	ctx := context.Background()
	for i := range limit {
		res, err := lim.Allow(ctx, key, limit, window)
		if err != nil || !res.Allowed || res.Remaining != limit-1-i {
			t.Fatalf("request %d: %+v %v", i+1, res, err)
		}
	}
	res, err := lim.Allow(ctx, key, limit, window)
	if err != nil || res.Allowed || res.RetryAfter <= 0 || res.RetryAfter > window {
		t.Fatalf("over the limit: %+v %v", res, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		res, err = lim.Allow(ctx, key, limit, window)
		if err != nil {
			t.Fatal(err)
		}
		if res.Allowed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("window never ended: %+v", res)
		}
		time.Sleep(min(res.RetryAfter, 100*time.Millisecond) + time.Millisecond)
	}
	if res.Remaining != limit-1 {
		t.Fatalf("first request of the new window: %+v", res)
	}
}

func TestMemoryExactUnderConcurrency(t *testing.T) {
	m := ratelimit.NewMemory()
	if got := hammer(t, 200, 37, time.Minute, "k", m); got != 37 {
		t.Fatalf("allowed %d of 200, want 37", got)
	}
	// Other keys have their own windows.
	if got := hammer(t, 50, 10, time.Minute, "other", m); got != 10 {
		t.Fatalf("other key: allowed %d, want 10", got)
	}
}

func TestMemoryWindowExpires(t *testing.T) {
	m := ratelimit.NewMemory()
	expires(t, m, "k")

	// Expired windows are dropped, not kept forever.
	m = ratelimit.NewMemory()
	if _, err := m.Allow(context.Background(), "short", 1, 50*time.Millisecond); err != nil || m.Len() != 1 {
		t.Fatalf("live windows: %d, %v", m.Len(), err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for m.Len() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("expired window kept: %d live", m.Len())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestInvalidRuleFailsOpen(t *testing.T) {
	for _, lim := range []ratelimit.Limiter{ratelimit.NewMemory(), ratelimit.NewRedis(redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}), "x:")} {
		res, err := lim.Allow(context.Background(), "k", 0, time.Minute)
		if !errors.Is(err, ratelimit.ErrInvalidRule) || !res.Allowed {
			t.Fatalf("%T: %+v %v", lim, res, err)
		}
	}
}

// Two limiters on separate connections stand for two app instances: the
// script's atomic count lets exactly limit requests through in total.
func TestRedisExactAcrossInstances(t *testing.T) {
	c1, prefix := redisClient(t)
	opts := *c1.Options()
	c2 := redis.NewClient(&opts)
	t.Cleanup(func() { _ = c2.Close() })
	a, b := ratelimit.NewRedis(c1, prefix), ratelimit.NewRedis(c2, prefix)

	if got := hammer(t, 200, 25, time.Minute, "signin:ip:127.0.0.1", a, b); got != 25 {
		t.Fatalf("allowed %d of 200 across two instances, want 25", got)
	}
	// The key lives under the store's prefix, with the window as its expiry.
	ctx := context.Background()
	key := prefix + ratelimit.KeySpace + "signin:ip:127.0.0.1"
	if n, err := c1.Get(ctx, key).Int(); err != nil || n != 200 {
		t.Fatalf("count %s = %d, %v", key, n, err)
	}
	if ttl, err := c1.PTTL(ctx, key).Result(); err != nil || ttl <= 0 || ttl > time.Minute {
		t.Fatalf("ttl %s = %s, %v", key, ttl, err)
	}
	// Another prefix (another app sharing the server) counts apart.
	other := ratelimit.NewRedis(c1, prefix+"other:")
	if res, err := other.Allow(ctx, "signin:ip:127.0.0.1", 25, time.Minute); err != nil || !res.Allowed || res.Remaining != 24 {
		t.Fatalf("other prefix: %+v %v", res, err)
	}
}

func TestRedisWindowExpires(t *testing.T) {
	c, prefix := redisClient(t)
	expires(t, ratelimit.NewRedis(c, prefix), "k")
}

// With Redis gone the limiter fails open and reports why; with a fallback
// the fallback decides instead.
func TestRedisFailsOpen(t *testing.T) {
	c, prefix := redisClient(t)
	_ = c.Close()
	lim := ratelimit.NewRedis(c, prefix)
	for i := range 3 {
		res, err := lim.Allow(context.Background(), "k", 1, time.Minute)
		if err == nil || !strings.Contains(err.Error(), "redis") || !res.Allowed {
			t.Fatalf("request %d on a closed client: %+v %v", i+1, res, err)
		}
	}

	lim.Fallback = ratelimit.NewMemory()
	res, err := lim.Allow(context.Background(), "k", 1, time.Minute)
	if err == nil || !res.Allowed {
		t.Fatalf("fallback, first: %+v %v", res, err)
	}
	res, err = lim.Allow(context.Background(), "k", 1, time.Minute)
	if err == nil || res.Allowed || res.RetryAfter <= 0 {
		t.Fatalf("fallback, second: %+v %v", res, err)
	}
}
