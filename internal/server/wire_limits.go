package server

// OWNER: rate-limit helper. Per-route limits for sign-in, sign-up and reset.

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/ratelimit"
	"github.com/bazi-master/bazi-master/models"
)

type limitRule int

const (
	limitSignIn limitRule = iota
	limitSignUp
	limitReset
)

// Rate is Limit requests per Window; a zero Limit means no limit.
type Rate struct {
	Limit  int
	Window time.Duration
}

// Limits are the request limits of the account routes, per client IP
// (IPv6 by /64) and per account (the normalized e-mail form field).
type Limits struct {
	SignInPerIP      Rate // POST /login
	SignInPerAccount Rate
	SignUpPerIP      Rate // POST /signup
	ResetPerIP       Rate // POST /reset, /reset/confirm, /verify/resend
	ResetPerAccount  Rate
}

// DefaultLimits are generous for people and tight for password guessing.
func DefaultLimits() Limits {
	return Limits{
		SignInPerIP:      Rate{10, time.Minute},
		SignInPerAccount: Rate{5, 15 * time.Minute},
		SignUpPerIP:      Rate{5, time.Hour},
		ResetPerIP:       Rate{5, time.Hour},
		ResetPerAccount:  Rate{3, time.Hour},
	}
}

// WithLimits replaces DefaultLimits (tests use short windows).
func WithLimits(l Limits) Option {
	return func(s *Server) { s.limits = &l }
}

// errTooMany is the refusal; the error page adds the wait from Retry-After.
var errTooMany = &fiber.Error{Code: fiber.StatusTooManyRequests, Message: "Too many attempts; please wait a little and try again."}

// limiterTimeout bounds one limiter call, so a stalled Redis delays a
// sign-in by this much at most before the request is decided without it.
const limiterTimeout = 500 * time.Millisecond

// rateLimiter is the server's limiter, chosen when the routes are built:
// Redis (shared by every instance) when REDIS_URL is set, else memory.
// While Redis fails, requests are counted in this instance's memory
// instead (per-instance limits) and each failure is logged.
func (s *Server) rateLimiter() ratelimit.Limiter {
	if s.limiter == nil {
		if s.Redis != nil {
			r := ratelimit.NewRedis(s.Redis.Client(), s.Redis.Prefix())
			r.Fallback = ratelimit.NewMemory()
			s.limiter = r
		} else {
			s.limiter = ratelimit.NewMemory()
		}
	}
	return s.limiter
}

func (s *Server) currentLimits() Limits {
	if s.limits != nil {
		return *s.limits
	}
	return DefaultLimits()
}

// limit returns the middleware enforcing rule (see rateLimit).
func (s *Server) limit(rule limitRule) fiber.Handler {
	limits := s.currentLimits()
	switch rule {
	case limitSignIn:
		return s.rateLimit("signin", limits.SignInPerIP, limits.SignInPerAccount)
	case limitSignUp:
		return s.rateLimit("signup", limits.SignUpPerIP, Rate{})
	default:
		return s.rateLimit("reset", limits.ResetPerIP, limits.ResetPerAccount)
	}
}

// rateLimit counts requests under name: per client IP first, then per
// account when perAccount is set and the form has an e-mail field. Every
// answer carries RateLimit-Limit/-Remaining/-Reset for the tighter of the
// two; a refusal is 429 with Retry-After. A refused IP does not use up the
// account's budget. A zero Rate is not enforced. Other routes (the chart
// API, readings) can use it with their own name.
func (s *Server) rateLimit(name string, perIP, perAccount Rate) fiber.Handler {
	lim := s.rateLimiter()
	hops, secret := s.Config.TrustProxy, []byte(s.Config.SessionTokenSecret)

	return func(c *fiber.Ctx) error {
		type check struct {
			key  string
			rate Rate
		}
		checks := make([]check, 0, 2)
		if perIP.Limit > 0 {
			checks = append(checks, check{name + ":ip:" + ratelimit.SubjectIP(ratelimit.ClientIP(c, hops)), perIP})
		}
		if perAccount.Limit > 0 {
			if email := models.NormalizeEmail(c.FormValue("email")); email != "" {
				checks = append(checks, check{name + ":account:" + accountKey(secret, email), perAccount})
			}
		}
		if len(checks) == 0 {
			return c.Next()
		}

		ctx, cancel := context.WithTimeout(c.UserContext(), limiterTimeout)
		defer cancel()
		var shown ratelimit.Result
		for i, ch := range checks {
			res, err := lim.Allow(ctx, ch.key, ch.rate.Limit, ch.rate.Window)
			if err != nil {
				s.Log.Warn("rate limiter failed; deciding without the shared count", "rule", name, "error", err)
			}
			if !res.Allowed {
				setRateHeaders(c, res)
				c.Set(fiber.HeaderRetryAfter, strconv.Itoa(ceilSeconds(res.RetryAfter)))
				return errTooMany
			}
			if i == 0 || res.Remaining < shown.Remaining {
				shown = res
			}
		}
		setRateHeaders(c, shown)
		return c.Next()
	}
}

// setRateHeaders writes the IETF draft RateLimit-* fields (Reset in seconds).
func setRateHeaders(c *fiber.Ctx, r ratelimit.Result) {
	c.Set("RateLimit-Limit", strconv.Itoa(r.Limit))
	c.Set("RateLimit-Remaining", strconv.Itoa(r.Remaining))
	c.Set("RateLimit-Reset", strconv.Itoa(ceilSeconds(r.Reset)))
}

// ceilSeconds rounds up, and is at least 1 so a client never retries at once.
func ceilSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// accountKey names an account without keeping its address in the store:
// a keyed hash, so the keys cannot be reversed from a list of addresses.
func accountKey(secret []byte, email string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(email))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
