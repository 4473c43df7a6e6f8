package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/metrics"
	"github.com/bazi-master/bazi-master/internal/ratelimit"
)

const requestIDHeader = "X-Request-ID"

// observer records every request once: a metrics sample and one JSON log
// line. Its middleware is the outermost one for requests that reach the
// route table; serverError handles those the HTTP server refuses before
// routing (a body over BodyLimit, headers too large, a read timeout).
type observer struct {
	log         *slog.Logger
	metrics     *metrics.Metrics
	onError     fiber.ErrorHandler
	trustedHops int
	// routes names the route a refused request was for; set once the
	// route table is built (nil: no resolution).
	routes atomic.Pointer[routeResolver]
}

// middleware gives every request an id, recovers panics, renders returned
// errors (so the status it logs is the one sent), records metrics and
// writes one JSON log line. It never reads the response body, so streamed
// responses pass through unbuffered. The logged ip is the client as seen
// through trustedHops proxies (TRUST_PROXY).
func (o *observer) middleware() fiber.Handler {
	return func(c *fiber.Ctx) (err error) {
		start := time.Now()
		done := o.metrics.Begin()
		defer done()

		id := requestID(c)
		func() {
			defer func() {
				if r := recover(); r != nil {
					o.log.Error("panic", "request_id", id, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
					err = fiber.ErrInternalServerError
				}
			}()
			err = c.Next()
		}()
		if err != nil {
			o.render(c, id, err)
		}
		status := c.Response().StatusCode()
		o.record(c, o.routeLabel(c, status), c.Path(), status, id, time.Since(start))
		return nil
	}
}

// serverError is the app's ErrorHandler, which fiber calls only for
// errors raised before routing (the middleware renders the others): it
// renders the error page and records the request like the middleware,
// under the route the request was for when its request line was read.
func (o *observer) serverError(c *fiber.Ctx, err error) error {
	start := c.Context().Time()
	id := requestID(c)
	o.render(c, id, err)
	route, path := "unmatched", ""
	// The request line and headers were read (or put back after a body
	// error reset them: bodyerrors.go).
	if len(c.Request().Header.RawHeaders()) > 0 || c.Context().UserValue(requestRestoredKey) != nil {
		path = c.Path()
		if r := o.routes.Load(); r != nil {
			route = r.resolve(c)
		}
	}
	var elapsed time.Duration
	if !start.IsZero() {
		elapsed = time.Since(start)
	}
	o.record(c, route, path, c.Response().StatusCode(), id, elapsed)
	return nil
}

// requestID keeps a caller's plain X-Request-ID or makes one, and sets it
// on the request (Locals) and the response.
func requestID(c *fiber.Ctx) string {
	id := validRequestID(c.Get(requestIDHeader))
	if id == "" {
		id = newRequestID()
	}
	c.Locals(handlers.LocalRequestID, id)
	c.Set(requestIDHeader, id)
	return id
}

// render writes err as the response (an error page or the JSON error).
func (o *observer) render(c *fiber.Ctx, id string, err error) {
	if herr := o.onError(c, err); herr != nil {
		o.log.Error("error handler failed", "request_id", id, "error", herr)
		c.Status(fiber.StatusInternalServerError)
	}
}

// record counts the request in the metrics and writes its log line.
func (o *observer) record(c *fiber.Ctx, route, path string, status int, id string, elapsed time.Duration) {
	method := methodLabel(c.Method())
	o.metrics.Observe(method, route, status, elapsed)

	// Path only: query strings may carry tokens (verify and reset links).
	attrs := []slog.Attr{
		slog.String("method", method),
		slog.String("route", route),
		slog.String("path", path),
		slog.Int("status", status),
		slog.Float64("latency_ms", float64(elapsed.Microseconds())/1000),
		slog.String("request_id", id),
		slog.String("ip", ratelimit.ClientIP(c, o.trustedHops)),
	}
	if uid := c.Locals(handlers.LocalUserID); uid != nil {
		attrs = append(attrs, slog.Any("user_id", uid))
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	o.log.LogAttrs(c.UserContext(), level, "request", attrs...)
}

// methodLabel maps the method to a constant string: fiber's strings point
// into a reused buffer, and metrics keep their label values for good.
func methodLabel(m string) string {
	switch m {
	case fiber.MethodGet:
		return fiber.MethodGet
	case fiber.MethodHead:
		return fiber.MethodHead
	case fiber.MethodPost:
		return fiber.MethodPost
	case fiber.MethodPut:
		return fiber.MethodPut
	case fiber.MethodPatch:
		return fiber.MethodPatch
	case fiber.MethodDelete:
		return fiber.MethodDelete
	case fiber.MethodOptions:
		return fiber.MethodOptions
	}
	return "OTHER"
}

// routeLabel is the pattern of the route the request was for, bounded
// for metrics. A request that was refused (any status from 400) may have
// been refused by a middleware mounted with Use, such as the CSRF check,
// whose own pattern ("/") says nothing: its route is then looked up from
// the method and path, and is "unmatched" when no route takes them. Other
// answers come from the route that wrote them (a handler, or the static
// files and CORS preflights, which only middleware serve).
func (o *observer) routeLabel(c *fiber.Ctx, status int) string {
	if r, ok := c.Locals(handlers.LocalRoute).(string); ok {
		return r
	}
	if routes := o.routes.Load(); status >= 400 && routes != nil {
		return routes.resolve(c)
	}
	if r := c.Route(); r != nil && r.Path != "" {
		return r.Path
	}
	return "unmatched"
}

// validRequestID accepts a caller's id only if it is short and plain, so it
// cannot inject into logs or headers.
func validRequestID(s string) string {
	if len(s) == 0 || len(s) > 128 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.' || b == ':') {
			return ""
		}
	}
	return s
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// securityHeaders sets a strict policy: no inline script, no framing.
func securityHeaders(production bool) fiber.Handler {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
		"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	return func(c *fiber.Ctx) error {
		c.Set("Content-Security-Policy", csp)
		c.Set("X-Content-Type-Options", "nosniff")
		c.Set("X-Frame-Options", "DENY")
		c.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		c.Set("Cross-Origin-Opener-Policy", "same-origin")
		if production {
			c.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		return c.Next()
	}
}

const langCookie = "lang"

// language picks the reader's language: ?lang= (remembered in a cookie for a
// year), then the cookie, then Accept-Language.
func language(secure bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		cookie := c.Cookies(langCookie)
		if q := c.Query("lang"); q != "" {
			if l, ok := i18n.Parse(q); ok {
				cookie = string(l)
				c.Cookie(&fiber.Cookie{
					Name: langCookie, Value: cookie, Path: "/", MaxAge: 365 * 24 * 3600,
					HTTPOnly: true, Secure: secure, SameSite: fiber.CookieSameSiteLaxMode,
				})
			}
		}
		lang := i18n.Negotiate(cookie, c.Get(fiber.HeaderAcceptLanguage))
		c.Locals(handlers.LocalLang, lang)
		c.Set(fiber.HeaderContentLanguage, string(lang))
		c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
		return c.Next()
	}
}
