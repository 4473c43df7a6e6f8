package ratelimit_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bazi-master/bazi-master/internal/ratelimit"
)

// concurrently runs n calls at once and returns their answers by index.
func concurrently(n int, allow func(i int) (ratelimit.Result, error)) ([]ratelimit.Result, []error) {
	res, errs := make([]ratelimit.Result, n), make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res[i], errs[i] = allow(i)
		}()
	}
	close(start)
	wg.Wait()
	return res, errs
}

// twoInstances returns two batching limiters on separate clients sharing
// one prefix, as two app instances would.
func twoInstances(t *testing.T) (a, b *ratelimit.Redis, c *redis.Client, prefix string) {
	c1, prefix := redisClient(t)
	opts := *c1.Options()
	c2 := redis.NewClient(&opts)
	t.Cleanup(func() { _ = c2.Close() })
	a, b = ratelimit.NewRedis(c1, prefix), ratelimit.NewRedis(c2, prefix)
	t.Cleanup(func() { _ = a.Close(); _ = b.Close() })
	return a, b, c1, prefix
}

// checkCounts checks that the requests' counts (limit - Remaining, with a
// limit no request reaches) are exactly 1..n.
func checkCounts(t *testing.T, what string, limit int, res []ratelimit.Result) {
	t.Helper()
	counts := make([]int, len(res))
	for i, r := range res {
		if !r.Allowed {
			t.Fatalf("%s: refused below the limit: %+v", what, r)
		}
		counts[i] = limit - r.Remaining
	}
	slices.Sort(counts)
	for i, n := range counts {
		if n != i+1 {
			t.Fatalf("%s: counts are not exactly 1..%d (sorted, position %d holds %d)", what, len(res), i, n)
		}
	}
}

// Two instances × 500 concurrent requests on one key: the batched,
// coalesced counts admit exactly the limit, and every request gets its
// own count.
func TestRedisPipelinedExactAcrossInstances(t *testing.T) {
	a, b, c, prefix := twoInstances(t)
	lims := []*ratelimit.Redis{a, b}
	ctx := context.Background()
	const n, limit = 1000, 137

	res, errs := concurrently(n, func(i int) (ratelimit.Result, error) {
		return lims[i%2].Allow(ctx, "flood", limit, time.Minute)
	})
	var remaining []int
	for i, r := range res {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if r.Limit != limit || r.Reset <= 0 || r.Reset > time.Minute {
			t.Fatalf("result %+v", r)
		}
		if r.Allowed {
			remaining = append(remaining, r.Remaining)
		} else if r.Remaining != 0 || r.RetryAfter <= 0 || r.RetryAfter > time.Minute {
			t.Fatalf("refused result %+v", r)
		}
	}
	if len(remaining) != limit {
		t.Fatalf("allowed %d of %d, want %d", len(remaining), n, limit)
	}
	slices.Sort(remaining)
	for i, r := range remaining {
		if r != i {
			t.Fatalf("allowed requests' Remaining are not exactly 0..%d: %v", limit-1, remaining)
		}
	}
	if got, err := c.Get(ctx, prefix+ratelimit.KeySpace+"flood").Int(); err != nil || got != n {
		t.Fatalf("stored count %d, %v; want %d", got, err, n)
	}

	// Counts 1..1000, no duplicates (a limit no request reaches shows them).
	const high = 1 << 30
	res, errs = concurrently(n, func(i int) (ratelimit.Result, error) {
		return lims[i%2].Allow(ctx, "counts", high, time.Minute)
	})
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	checkCounts(t, "one key", high, res)

	// Mixed keys and windows in the same batches: every key counts 1..n_k.
	const keys = 7
	res, errs = concurrently(n, func(i int) (ratelimit.Result, error) {
		window := time.Minute
		if i%2 == 1 {
			window = 2 * time.Minute
		}
		return lims[i%2].Allow(ctx, "mixed:"+strconv.Itoa(i%keys), high, window)
	})
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	byKey := make([][]ratelimit.Result, keys)
	for i, r := range res {
		byKey[i%keys] = append(byKey[i%keys], r)
	}
	for k, rs := range byKey {
		checkCounts(t, "mixed:"+strconv.Itoa(k), high, rs)
	}
}

// A client that cannot pipeline gets one script per call, still exact.
func TestRedisWithoutPipelining(t *testing.T) {
	c, prefix := redisClient(t)
	lim := ratelimit.NewRedis(struct{ redis.Scripter }{c}, prefix)
	if got := hammer(t, 100, 17, time.Minute, "k", lim); got != 17 {
		t.Fatalf("allowed %d of 100, want 17", got)
	}
}

// sameDecision checks a coalesced result against the sequential one: the
// same decision and Remaining, and waits that differ only by the time
// between the two runs.
func sameDecision(t *testing.T, i int, got, want ratelimit.Result) {
	t.Helper()
	near := func(a, b time.Duration) bool { return (a == 0) == (b == 0) && (a-b).Abs() < 2*time.Second }
	if got.Allowed != want.Allowed || got.Limit != want.Limit || got.Remaining != want.Remaining ||
		!near(got.Reset, want.Reset) || !near(got.RetryAfter, want.RetryAfter) {
		t.Fatalf("request %d: coalesced %+v, sequential %+v", i, got, want)
	}
}

// Requests coalesced into one script call get the Results sequential
// calls would: when they open the window and when it is already open.
func TestRedisCoalescedMatchesSequential(t *testing.T) {
	c, prefix := redisClient(t)
	lim := ratelimit.NewRedis(c, prefix)
	t.Cleanup(func() { _ = lim.Close() })
	ctx := context.Background()
	const limit, window = 20, time.Minute

	for round, n := range []int{30, 10} { // opens the window, then finds it open
		keys := make([]string, n)
		for i := range keys {
			keys[i] = "coalesced"
		}
		got, errs := lim.AllowBatch(ctx, keys, limit, window)
		for i := range n {
			want, err := lim.AllowScriptPerCall(ctx, "sequential", limit, window)
			if err != nil || errs[i] != nil {
				t.Fatalf("round %d request %d: %v %v", round, i, err, errs[i])
			}
			sameDecision(t, i, got[i], want)
		}
	}

	// Several keys in one batch: each key's requests count in batch order.
	keys := []string{"a", "b", "a", "c", "a", "b"}
	got, errs := lim.AllowBatch(ctx, keys, 2, window)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		allowed   bool
		remaining int
	}{{true, 1}, {true, 1}, {true, 0}, {true, 1}, {false, 0}, {true, 0}}
	for i, w := range want {
		if r := got[i]; r.Allowed != w.allowed || r.Remaining != w.remaining || r.Reset <= 0 || r.Reset > window {
			t.Fatalf("request %d (%s): %+v, want allowed %v remaining %d", i, keys[i], r, w.allowed, w.remaining)
		}
	}
	for k, n := range map[string]int{"a": 3, "b": 2, "c": 1} {
		if v, err := c.Get(ctx, prefix+ratelimit.KeySpace+k).Int(); err != nil || v != n {
			t.Fatalf("count %s = %d, %v; want %d", k, v, err, n)
		}
	}
}

// SCRIPT FLUSH between calls: the batch falls back to EVAL, without
// counting twice.
func TestRedisScriptFlushed(t *testing.T) {
	c, prefix := redisClient(t)
	lim := ratelimit.NewRedis(c, prefix)
	t.Cleanup(func() { _ = lim.Close() })
	ctx := context.Background()
	const limit = 100
	remaining := limit
	step := func(what string, res ratelimit.Result, err error) {
		t.Helper()
		remaining--
		if err != nil || !res.Allowed || res.Remaining != remaining {
			t.Fatalf("%s: %+v %v, want remaining %d", what, res, err, remaining)
		}
	}
	flush := func() {
		t.Helper()
		if err := c.ScriptFlush(ctx).Err(); err != nil {
			t.Fatal(err)
		}
	}
	res, err := lim.Allow(ctx, "k", limit, time.Minute)
	step("first", res, err)
	flush()
	res, err = lim.Allow(ctx, "k", limit, time.Minute)
	step("after flush", res, err)
	flush()
	rs, errs := lim.AllowBatch(ctx, []string{"k", "k", "k"}, limit, time.Minute)
	for i := range rs {
		step("batch after flush", rs[i], errs[i])
	}
	flush()
	res, err = lim.AllowScriptPerCall(ctx, "k", limit, time.Minute)
	step("script per call after flush", res, err)
	if v, err := c.Get(ctx, prefix+ratelimit.KeySpace+"k").Int(); err != nil || v != limit-remaining {
		t.Fatalf("stored count %d, %v; want %d", v, err, limit-remaining)
	}
}

// dispatchers counts the batching goroutines alive in this process.
func dispatchers() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), "ratelimit.(*batcher).run")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// settle waits for the dispatchers to be gone and the goroutine count to
// come back to base.
func settle(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for dispatchers() > 0 || runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines (%d dispatchers), want at most %d:\n%s", runtime.NumGoroutine(), dispatchers(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Redis unreachable: every request is decided by the fallback (or
// allowed), the error is returned, and Close leaves no goroutine behind.
func TestRedisUnreachableFallsBack(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	// As kv.OpenRedis: fail fast.
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: 1, DialerRetries: 1, DialTimeout: time.Second})
	t.Cleanup(func() { _ = c.Close() })
	base := runtime.NumGoroutine()

	withFallback, open := ratelimit.NewRedis(c, "x:"), ratelimit.NewRedis(c, "x:")
	withFallback.Fallback = ratelimit.NewMemory()
	ctx := context.Background()
	for _, tc := range []struct {
		lim  *ratelimit.Redis
		want int
	}{{withFallback, 5}, {open, 40}} {
		res, errs := concurrently(40, func(int) (ratelimit.Result, error) {
			return tc.lim.Allow(ctx, "k", 5, time.Minute)
		})
		allowed := 0
		for i, r := range res {
			if errs[i] == nil || !strings.Contains(errs[i].Error(), "redis") {
				t.Fatalf("request %d: error %v", i, errs[i])
			}
			if r.Allowed {
				allowed++
			}
		}
		if allowed != tc.want {
			t.Fatalf("fallback %v: allowed %d of 40, want %d", tc.lim.Fallback != nil, allowed, tc.want)
		}
	}
	if n := dispatchers(); n == 0 {
		t.Fatal("no dispatcher ran")
	}
	_ = withFallback.Close()
	_ = open.Close()
	_ = open.Close() // idempotent
	settle(t, base)

	// Closed limiters still decide, one script per call.
	if res, err := withFallback.Allow(ctx, "k", 5, time.Minute); err == nil || res.Allowed {
		t.Fatalf("after Close: %+v %v", res, err)
	}
	_ = c.Close() // the pool may keep a goroutine redialling until then
	settle(t, base)
}

// silentServer accepts connections and never answers.
func silentServer(t *testing.T) (addr string, stop func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
		}
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			_ = ln.Close()
			<-done
			mu.Lock()
			for _, c := range conns {
				_ = c.Close()
			}
			mu.Unlock()
		})
	}
	t.Cleanup(stop)
	return ln.Addr().String(), stop
}

// A caller whose ctx ends while Redis is silent returns at once with the
// ctx error and the fallback's decision; the stuck dispatcher does not
// hold it.
func TestRedisContextEndsBeforeReply(t *testing.T) {
	addr, stop := silentServer(t)
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, ReadTimeout: 3 * time.Second})
	t.Cleanup(func() { _ = c.Close() })
	base := runtime.NumGoroutine()
	lim := ratelimit.NewRedis(c, "x:")
	lim.Fallback = ratelimit.NewMemory()

	start := time.Now()
	res, errs := concurrently(20, func(int) (ratelimit.Result, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		return lim.Allow(ctx, "k", 3, time.Minute)
	})
	if d := time.Since(start); d > time.Second {
		t.Fatalf("callers with a 100ms deadline took %s", d)
	}
	allowed := 0
	for i, r := range res {
		if !errors.Is(errs[i], context.DeadlineExceeded) {
			t.Fatalf("request %d: %v, want the deadline", i, errs[i])
		}
		if r.Allowed {
			allowed++
		}
	}
	if allowed != 3 {
		t.Fatalf("fallback allowed %d of 20, want 3", allowed)
	}

	// A ctx already cancelled never waits.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := lim.Allow(ctx, "k", 3, time.Minute); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled ctx: %v", err)
	}

	stop() // the dispatchers' reads fail now
	start = time.Now()
	_ = lim.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Close took %s", d)
	}
	settle(t, base)
}

// BenchmarkRedisAllow compares one script per call with the batched path,
// 32×GOMAXPROCS callers on one key. cpu-ns/op is this process's CPU time
// per call and redis-cpu-ns/op redis-server's (from INFO; it includes
// anything else the server did meanwhile). serial-* are one caller at a
// time: the latency of a lone call.
func BenchmarkRedisAllow(b *testing.B) {
	c, prefix := redisClient(b)
	ctx := context.Background()
	direct := ratelimit.NewRedis(c, prefix)
	pipelined := ratelimit.NewRedis(c, prefix)
	four := ratelimit.NewRedisDispatchers(c, prefix, 4)
	b.Cleanup(func() { _ = pipelined.Close(); _ = four.Close() })
	type allowFunc func(context.Context, string, int, time.Duration) (ratelimit.Result, error)
	cases := []struct {
		name     string
		allow    allowFunc
		parallel bool
	}{
		{"script-per-call", direct.AllowScriptPerCall, true},
		{"pipelined", pipelined.Allow, true},
		{"pipelined-4-dispatchers", four.Allow, true},
		{"serial-script-per-call", direct.AllowScriptPerCall, false},
		{"serial-pipelined", pipelined.Allow, false},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			const limit = 1 << 40
			key := "bench:" + bc.name
			call := func() {
				if _, err := bc.allow(ctx, key, limit, time.Hour); err != nil {
					b.Error(err)
				}
			}
			call() // connections and script cache warm
			cpu0, rcpu0 := processCPU(), redisCPU(b, c)
			b.ResetTimer()
			if bc.parallel {
				b.SetParallelism(32)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						call()
					}
				})
			} else {
				for b.Loop() {
					call()
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(redisCPU(b, c)-rcpu0)/float64(b.N), "redis-cpu-ns/op")
		})
	}
}

// redisCPU is redis-server's user+system CPU time so far.
func redisCPU(b *testing.B, c *redis.Client) time.Duration {
	info, err := c.Info(context.Background(), "cpu").Result()
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	for _, line := range strings.Split(info, "\n") {
		name, val, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || (name != "used_cpu_sys" && name != "used_cpu_user") {
			continue
		}
		secs, err := strconv.ParseFloat(val, 64)
		if err != nil {
			b.Fatal(fmt.Errorf("INFO cpu %s: %w", name, err))
		}
		total += time.Duration(secs * float64(time.Second))
	}
	return total
}

// A limiter nobody closes stops its dispatchers once it is collected.
func TestRedisDispatchersStopWhenCollected(t *testing.T) {
	c, prefix := redisClient(t)
	func() {
		lim := ratelimit.NewRedis(c, prefix)
		if _, err := lim.Allow(context.Background(), "k", 1, time.Minute); err != nil {
			t.Fatal(err)
		}
	}()
	if dispatchers() == 0 {
		t.Fatal("no dispatcher ran")
	}
	deadline := time.Now().Add(5 * time.Second)
	for dispatchers() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d dispatchers left after the limiter was dropped", dispatchers())
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
