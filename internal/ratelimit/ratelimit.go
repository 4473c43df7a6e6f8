// Package ratelimit counts requests per key in fixed windows, either in
// Redis (shared by every instance, exact under concurrency) or in process
// memory (one instance, for setups without Redis).
//
// A window starts at the first request for a key and lasts window; the
// first limit requests in it are allowed and the rest refused until it
// ends. Keys should name the rule as well as the subject ("signin:ip:…"),
// since a key has one window no matter which limit later asks about it.
//
// Errors: Allow always returns a usable Result. When the store fails
// (Redis down or slow), the Redis limiter fails open: the request is
// allowed, or decided by its Fallback limiter when one is set, and the
// error is returned as well so the caller can log it. Callers must obey
// Result.Allowed whether or not err is nil.
package ratelimit

import (
	"context"
	"errors"
	"time"
)

// Limiter decides whether one more request under key fits in limit
// requests per window.
type Limiter interface {
	Allow(ctx context.Context, key string, limit int, window time.Duration) (Result, error)
}

// Result is one decision, with what the RateLimit-* headers report.
type Result struct {
	Allowed   bool
	Limit     int // the limit asked about
	Remaining int // requests still allowed in this window (0 when refused)
	// RetryAfter is how long until a refused key is allowed again (0 when allowed).
	RetryAfter time.Duration
	// Reset is how long until the current window ends and the count restarts.
	Reset time.Duration
}

// ErrInvalidRule reports a limit below 1 or a window shorter than a
// millisecond; such a request is allowed (fail open) and the error returned.
var ErrInvalidRule = errors.New("ratelimit: limit must be at least 1 and window at least 1ms")

func validRule(limit int, window time.Duration) bool {
	return limit >= 1 && window >= time.Millisecond
}

// openResult is the fail-open answer: allowed, nothing known about the count.
func openResult(limit int, window time.Duration) Result {
	return Result{Allowed: true, Limit: limit, Remaining: max(limit-1, 0), Reset: max(window, 0)}
}

// decide turns a count (including this request) and the window's
// remaining time into a Result.
func decide(count int64, limit int, ttl time.Duration) Result {
	r := Result{Limit: limit, Reset: ttl}
	if count <= int64(limit) {
		r.Allowed = true
		r.Remaining = limit - int(count)
		return r
	}
	r.RetryAfter = ttl
	return r
}
