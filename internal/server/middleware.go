package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/metrics"
	"github.com/bazi-master/bazi-master/internal/ratelimit"
)

const requestIDHeader = "X-Request-ID"

// observe is the outermost middleware: it gives every request an id,
// recovers panics, renders returned errors (so the status it logs is the
// one sent), records metrics and writes one JSON log line. It never reads
// the response body, so streamed responses pass through unbuffered. The
// logged ip is the client as seen through trustedHops proxies (TRUST_PROXY).
func observe(log *slog.Logger, m *metrics.Metrics, onError fiber.ErrorHandler, trustedHops int) fiber.Handler {
	return func(c *fiber.Ctx) (err error) {
		start := time.Now()
		done := m.Begin()
		defer done()

		id := validRequestID(c.Get(requestIDHeader))
		if id == "" {
			id = newRequestID()
		}
		c.Locals(handlers.LocalRequestID, id)
		c.Set(requestIDHeader, id)

		func() {
			defer func() {
				if r := recover(); r != nil {
					log.Error("panic", "request_id", id, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
					err = fiber.ErrInternalServerError
				}
			}()
			err = c.Next()
		}()
		if err != nil {
			if herr := onError(c, err); herr != nil {
				log.Error("error handler failed", "request_id", id, "error", herr)
				c.Status(fiber.StatusInternalServerError)
			}
			err = nil
		}

		status := c.Response().StatusCode()
		route := routeLabel(c)
		elapsed := time.Since(start)
		method := methodLabel(c.Method())
		m.Observe(method, route, status, elapsed)

		// Path only: query strings may carry tokens (verify and reset links).
		attrs := []slog.Attr{
			slog.String("method", method),
			slog.String("route", route),
			slog.String("path", c.Path()),
			slog.Int("status", status),
			slog.Float64("latency_ms", float64(elapsed.Microseconds())/1000),
			slog.String("request_id", id),
			slog.String("ip", ratelimit.ClientIP(c, trustedHops)),
		}
		if uid := c.Locals(handlers.LocalUserID); uid != nil {
			attrs = append(attrs, slog.Any("user_id", uid))
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		log.LogAttrs(c.UserContext(), level, "request", attrs...)
		return nil
	}
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

// routeLabel is the matched route pattern, bounded for metrics.
func routeLabel(c *fiber.Ctx) string {
	if r, ok := c.Locals(handlers.LocalRoute).(string); ok {
		return r
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
