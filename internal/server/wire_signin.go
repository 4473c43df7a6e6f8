package server

// OWNER: rate-limit helper. Throttles password guessing on POST /login.

import (
	"context"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/ratelimit"
	"github.com/bazi-master/bazi-master/models"
)

// signInGuard counts wrong passwords, and only those, without letting a
// stranger lock an owner out (see Limits.SignInFailures*):
//
//   - per account and client address (IPv6 by /64): a place is reserved
//     before the password is checked, so concurrent guesses cannot
//     overshoot; a wrong password keeps it, a right one clears the
//     address's count, and a request that checked no password (a missing
//     field, a server error) gives it back. At the limit that address gets
//     429 for that account until the window ends; other addresses do not.
//   - per account from everywhere: past the ceiling every attempt on the
//     account waits SignInSlowdown before its password is checked, the
//     owner's too; nobody is refused for it.
//
// It runs after the per-address request limit; Login reports the outcome
// in handlers.LocalSignIn.
func (s *Server) signInGuard() fiber.Handler {
	limits := s.currentLimits()
	perAddr, perAccount, slowdown := limits.SignInFailuresPerAccountIP, limits.SignInFailuresPerAccount, limits.SignInSlowdown
	counter, _ := s.rateLimiter().(ratelimit.Counter)
	if counter == nil || (perAddr.Limit <= 0 && perAccount.Limit <= 0) {
		return func(c *fiber.Ctx) error { return c.Next() }
	}
	secret := []byte(s.Config.SessionTokenSecret)
	hops := s.Config.TrustProxy

	return func(c *fiber.Ctx) error {
		email := models.NormalizeEmail(c.FormValue("email"))
		if email == "" {
			return c.Next()
		}
		hashed := accountKey(secret, email)
		account := "signin-fail:account:" + hashed
		address := account + ":ip:" + ratelimit.SubjectIP(ratelimit.ClientIP(c, hops))

		reserved := false
		if perAddr.Limit > 0 {
			ctx, cancel := context.WithTimeout(c.UserContext(), limiterTimeout)
			res, err := counter.Allow(ctx, address, perAddr.Limit, perAddr.Window)
			cancel()
			if err != nil {
				s.Log.Warn("rate limiter failed; deciding without the shared count", "rule", "signin-failures", "error", err)
			}
			if !res.Allowed {
				setRateHeaders(c, res)
				c.Set(fiber.HeaderRetryAfter, strconv.Itoa(ceilSeconds(res.RetryAfter)))
				return errTooMany
			}
			reserved = true
			setTighterRateHeaders(c, res)
		}
		if perAccount.Limit > 0 && slowdown > 0 {
			ctx, cancel := context.WithTimeout(c.UserContext(), limiterTimeout)
			n, _, err := counter.Peek(ctx, account)
			cancel()
			if err != nil {
				s.Log.Warn("rate limiter failed; deciding without the shared count", "rule", "signin-failures", "error", err)
			}
			if n >= int64(perAccount.Limit) {
				s.wait(slowdown)
			}
		}

		err := c.Next()

		ctx, cancel := context.WithTimeout(context.Background(), limiterTimeout)
		defer cancel()
		var cerr error
		switch c.Locals(handlers.LocalSignIn) {
		case handlers.SignInFailed:
			if perAccount.Limit > 0 {
				var res ratelimit.Result
				res, cerr = counter.Allow(ctx, account, perAccount.Limit, perAccount.Window)
				if res.Allowed && res.Remaining == 0 {
					s.Log.Warn("wrong passwords for one account reached the ceiling; its sign-ins are slowed down",
						"account", hashed[:8], "failures", perAccount.Limit,
						"window", perAccount.Window.String(), "slowdown", slowdown.String())
				}
			}
		case handlers.SignInSucceeded:
			if reserved {
				cerr = counter.Reset(ctx, address)
			}
		default:
			if reserved {
				cerr = counter.Undo(ctx, address)
			}
		}
		if cerr != nil {
			s.Log.Warn("rate limiter failed; deciding without the shared count", "rule", "signin-failures", "error", cerr)
		}
		return err
	}
}

// wait sleeps for d, or until shutdown begins.
func (s *Server) wait(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.baseCtx.Done():
	}
}

// setTighterRateHeaders replaces the RateLimit-* fields an earlier limit
// set when r leaves fewer requests.
func setTighterRateHeaders(c *fiber.Ctx, r ratelimit.Result) {
	if cur, err := strconv.Atoi(c.GetRespHeader("RateLimit-Remaining")); err == nil && cur <= r.Remaining {
		return
	}
	setRateHeaders(c, r)
}
