package server

// OWNER: rate-limit helper. Per-route limits for sign-in, sign-up, reset,
// the JSON API and readings.

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/ratelimit"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

type limitRule int

const (
	limitSignIn limitRule = iota
	limitSignUp
	limitReset
	limitChartAPI
	limitPlacesAPI
	limitReverseAPI
	limitReading
)

// Rate is Limit requests per Window; a zero Limit means no limit.
type Rate struct {
	Limit  int
	Window time.Duration
}

// Limits are the request limits per client IP (IPv6 by /64), per account
// (the normalized e-mail form field) on the account routes, and per
// signed-in user on readings. A zero Rate turns that limit off.
type Limits struct {
	// SignInPerIP counts every sign-in request from an address: POST
	// /login, GET /auth/:provider and POST /profile/password.
	SignInPerIP Rate
	// SignInFailuresPerAccountIP counts wrong passwords for one account
	// from one address (POST /login); at the limit that address cannot
	// try that account until the window ends. A successful sign-in from
	// the address clears its count, and other addresses are not affected,
	// so a stranger cannot lock the owner out.
	SignInFailuresPerAccountIP Rate
	// SignInFailuresPerAccount counts wrong passwords for one account from
	// every address. Past it the account is not locked: each sign-in
	// attempt on it waits SignInSlowdown before its password is checked.
	SignInFailuresPerAccount Rate
	SignInSlowdown           time.Duration
	SignUpPerIP              Rate // POST /signup
	ResetPerIP               Rate // POST /reset, /reset/confirm, /verify/resend
	ResetPerAccount          Rate

	ChartAPIPerIP   Rate // POST /api/v1/chart
	PlacesAPIPerIP  Rate // GET /api/v1/places
	ReverseAPIPerIP Rate // GET /api/v1/reverse (searches centuries: the costly one)
	// ReadingPerIP and ReadingPerUser count POST /readings and POST
	// /readings/:pid/messages together: both start AI work. The daily
	// quota (READING_DAILY_QUOTA_*) is separate; this stops bursts.
	ReadingPerIP   Rate
	ReadingPerUser Rate
}

// DefaultLimits are generous for people and tight for password guessing.
// The chart API and the gazetteer are cheap (microseconds a call), so
// their limits only stop floods.
func DefaultLimits() Limits {
	return Limits{
		SignInPerIP:                Rate{10, time.Minute},
		SignInFailuresPerAccountIP: Rate{5, 15 * time.Minute},
		SignInFailuresPerAccount:   Rate{100, time.Hour},
		SignInSlowdown:             2 * time.Second,
		SignUpPerIP:                Rate{5, time.Hour},
		ResetPerIP:                 Rate{5, time.Hour},
		ResetPerAccount:            Rate{3, time.Hour},
		ChartAPIPerIP:              Rate{600, time.Minute},
		PlacesAPIPerIP:             Rate{600, time.Minute},
		ReverseAPIPerIP:            Rate{60, time.Minute},
		ReadingPerIP:               Rate{20, time.Minute},
		ReadingPerUser:             Rate{20, time.Minute},
	}
}

// WithLimits replaces DefaultLimits (tests use short windows); Limits{}
// turns every limit off.
func WithLimits(l Limits) Option {
	return func(s *Server) { s.limits = &l }
}

// errTooMany is the refusal; the error page adds the wait from Retry-After.
var errTooMany = &fiber.Error{Code: fiber.StatusTooManyRequests, Message: "Too many attempts; please wait a little and try again."}

// errTooManyRequests is the refusal of the API and reading routes (the
// JSON API answers {"error":{"code":"too_many_requests",...}}).
var errTooManyRequests = &fiber.Error{Code: fiber.StatusTooManyRequests, Message: "Too many requests; please wait a little and try again."}

// limiterTimeout bounds one limiter call, so a stalled Redis delays a
// request by this much at most before it is decided without it. Generous:
// a loaded machine can take hundreds of milliseconds, and falling back to
// per-instance memory early would loosen the shared limit.
const limiterTimeout = 2 * time.Second

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

// currentLimits are WithLimits's, else DefaultLimits with the
// RATE_LIMIT_* settings over them.
func (s *Server) currentLimits() Limits {
	if s.limits != nil {
		return *s.limits
	}
	return DefaultLimits().WithConfig(s.Config.RateLimits)
}

// WithConfig returns l with every RATE_LIMIT_* setting in r applied (an
// "off" setting is a zero Rate, which is not enforced).
func (l Limits) WithConfig(r config.RateLimits) Limits {
	for _, v := range l.configurable() {
		if set := *v.setting(&r); set != nil {
			*v.rate = Rate{Limit: set.Limit, Window: set.Window}
		}
	}
	return l
}

// configurableLimit pairs a limit with its RATE_LIMIT_* variable.
type configurableLimit struct {
	variable string
	rate     *Rate
	setting  func(*config.RateLimits) **config.RateLimit
}

// configurable lists l's limits with their variables, in config's order.
// It panics when a variable has no limit here: a test runs it.
func (l *Limits) configurable() []configurableLimit {
	byName := map[string]*Rate{
		"RATE_LIMIT_SIGN_IN":                         &l.SignInPerIP,
		"RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT_IP": &l.SignInFailuresPerAccountIP,
		"RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT":    &l.SignInFailuresPerAccount,
		"RATE_LIMIT_SIGN_UP":                         &l.SignUpPerIP,
		"RATE_LIMIT_RESET":                           &l.ResetPerIP,
		"RATE_LIMIT_RESET_PER_ACCOUNT":               &l.ResetPerAccount,
		"RATE_LIMIT_CHART_API":                       &l.ChartAPIPerIP,
		"RATE_LIMIT_PLACES_API":                      &l.PlacesAPIPerIP,
		"RATE_LIMIT_REVERSE_API":                     &l.ReverseAPIPerIP,
		"RATE_LIMIT_READING":                         &l.ReadingPerIP,
		"RATE_LIMIT_READING_PER_USER":                &l.ReadingPerUser,
	}
	out := make([]configurableLimit, 0, len(config.RateLimitVars))
	for _, v := range config.RateLimitVars {
		rate, ok := byName[v.Name]
		if !ok {
			panic("server: " + v.Name + " sets no limit")
		}
		out = append(out, configurableLimit{v.Name, rate, v.Get})
	}
	if len(out) != len(byName) {
		panic("server: a limit has no RATE_LIMIT_* variable")
	}
	return out
}

// EffectiveLimits lists each RATE_LIMIT_* variable with the limit this
// server enforces, for the admin system page.
func (s *Server) EffectiveLimits() []handlers.AdminRateLimit {
	l := s.currentLimits()
	var out []handlers.AdminRateLimit
	for _, v := range l.configurable() {
		out = append(out, handlers.AdminRateLimit{
			Variable: v.variable,
			Setting:  config.RateLimit{Limit: v.rate.Limit, Window: v.rate.Window}.String(),
			FromEnv:  s.limits == nil && *v.setting(&s.Config.RateLimits) != nil,
		})
	}
	return out
}

// limit returns the middleware enforcing rule (see rateLimit).
func (s *Server) limit(rule limitRule) fiber.Handler {
	limits := s.currentLimits()
	switch rule {
	case limitSignIn:
		// Per address only: wrong passwords per account are counted by
		// signInGuard, which only POST /login has.
		return s.rateLimit("signin", limits.SignInPerIP, Rate{})
	case limitSignUp:
		return s.rateLimit("signup", limits.SignUpPerIP, Rate{})
	case limitReset:
		return s.rateLimit("reset", limits.ResetPerIP, limits.ResetPerAccount)
	case limitChartAPI:
		return s.rateLimitBy("api-chart", limits.ChartAPIPerIP, Rate{}, nil, refuseWith(errTooManyRequests))
	case limitPlacesAPI:
		return s.rateLimitBy("api-places", limits.PlacesAPIPerIP, Rate{}, nil, refuseWith(errTooManyRequests))
	case limitReverseAPI:
		return s.rateLimitBy("api-reverse", limits.ReverseAPIPerIP, Rate{}, nil, refuseWith(errTooManyRequests))
	case limitReading:
		return s.rateLimitBy("reading", limits.ReadingPerIP, limits.ReadingPerUser, userSubject, s.refuseReading)
	}
	panic("server: unknown limit rule")
}

// refuseWith refuses with err, rendered by the error handler (a page, or
// the JSON error on the API).
func refuseWith(err *fiber.Error) fiber.Handler {
	return func(*fiber.Ctx) error { return err }
}

// refuseReading answers the reading panel (htmx) with the same one-line
// notice as the handler's own refusals, so the panel shows a sentence and
// not a whole error page; a plain form post gets the error page.
func (s *Server) refuseReading(c *fiber.Ctx) error {
	if c.Get("HX-Request") != "true" {
		return errTooManyRequests
	}
	lang, _ := c.Locals(handlers.LocalLang).(i18n.Lang)
	minutes := 1
	if secs, err := strconv.Atoi(c.GetRespHeader(fiber.HeaderRetryAfter)); err == nil && secs > 0 {
		minutes = (secs + 59) / 60
	}
	c.Status(fiber.StatusTooManyRequests)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return views.ReadingNotice(s.I18n.T(lang, "error.429.body", minutes), "reading-refused").Render(c.UserContext(), c.Response().BodyWriter())
}

// emailSubject names the account a form is about: its e-mail field.
func emailSubject(secret []byte) func(*fiber.Ctx) string {
	return func(c *fiber.Ctx) string {
		if email := models.NormalizeEmail(c.FormValue("email")); email != "" {
			return "account:" + accountKey(secret, email)
		}
		return ""
	}
}

// userSubject names the signed-in user (set by the auth middleware, which
// runs before every page route); guests have none.
func userSubject(c *fiber.Ctx) string {
	if id, ok := c.Locals(handlers.LocalUserID).(int64); ok && id > 0 {
		return "user:" + strconv.FormatInt(id, 10)
	}
	return ""
}

// rateLimit counts requests under name: per client IP first, then per
// account when perAccount is set and the form has an e-mail field. Every
// answer carries RateLimit-Limit/-Remaining/-Reset for the tighter of the
// two; a refusal is 429 with Retry-After. A refused IP does not use up the
// account's budget. A zero Rate is not enforced. Other routes (the chart
// API, readings) use rateLimitBy with their own name.
func (s *Server) rateLimit(name string, perIP, perAccount Rate) fiber.Handler {
	return s.rateLimitBy(name, perIP, perAccount, emailSubject([]byte(s.Config.SessionTokenSecret)), refuseWith(errTooMany))
}

// rateLimitBy is rateLimit with the second subject chosen by subject (""
// = none for this request) and the refusal written by refuse (after the
// RateLimit headers and Retry-After are set).
func (s *Server) rateLimitBy(name string, perIP, perSubject Rate, subject func(*fiber.Ctx) string, refuse fiber.Handler) fiber.Handler {
	lim := s.rateLimiter()
	hops := s.Config.TrustProxy

	return func(c *fiber.Ctx) error {
		type check struct {
			key  string
			rate Rate
		}
		checks := make([]check, 0, 2)
		if perIP.Limit > 0 {
			checks = append(checks, check{name + ":ip:" + ratelimit.SubjectIP(ratelimit.ClientIP(c, hops)), perIP})
		}
		if perSubject.Limit > 0 && subject != nil {
			if who := subject(c); who != "" {
				checks = append(checks, check{name + ":" + who, perSubject})
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
				return refuse(c)
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
