package server

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
)

const (
	csrfHeader = "X-CSRF-Token"
	csrfField  = "_csrf"
)

// csrfProtect guards every state-changing request of the pages with a
// double-submit token: a random value in an HttpOnly cookie that the page
// repeats in its forms (_csrf) and in htmx's X-CSRF-Token header. Another
// site can neither read the cookie nor guess the value, and requests whose
// Origin or Sec-Fetch-Site say they came from another site are refused
// outright. Tokens are stateless, so any instance can check them.
func csrfProtect(production bool) fiber.Handler {
	name := "bm_csrf"
	if production {
		name = "__Host-bm_csrf" // the prefix forces Secure, Path=/ and no Domain
	}
	return func(c *fiber.Ctx) error {
		token := c.Cookies(name)
		if !validToken(token) {
			token = newToken()
			c.Cookie(&fiber.Cookie{
				Name: name, Value: token, Path: "/", HTTPOnly: true,
				Secure: production, SameSite: fiber.CookieSameSiteLaxMode,
			})
		}
		c.Locals(handlers.LocalCSRF, token)

		switch c.Method() {
		case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
			return c.Next()
		}
		if c.Get("Sec-Fetch-Site") == "cross-site" || !sameOrigin(c) {
			return handlers.ErrCSRF
		}
		sent := c.Get(csrfHeader)
		if sent == "" {
			sent = c.FormValue(csrfField)
		}
		if c.Cookies(name) == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(c.Cookies(name))) != 1 {
			return handlers.ErrCSRF
		}
		return c.Next()
	}
}

// sameOrigin accepts a request without an Origin header (older browsers,
// same-origin GET-to-POST navigations) or whose Origin host is the Host.
func sameOrigin(c *fiber.Ctx) bool {
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == string(c.Request().Host())
}

func newToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func validToken(s string) bool {
	if len(s) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}
