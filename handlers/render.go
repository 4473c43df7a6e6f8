// Package handlers turns HTTP requests into calls on the domain and renders
// a view or JSON. Handlers are thin: decode and validate, call, render.
package handlers

import (
	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"
)

// render writes a templ component as the HTML response.
func render(c *fiber.Ctx, status int, component templ.Component) error {
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return component.Render(c.UserContext(), c.Response().BodyWriter())
}

// APIError is the JSON error body of every API route:
// {"error":{"code":"…","message":"…","field":"…"}}.
type APIError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func jsonError(c *fiber.Ctx, status int, e APIError) error {
	return c.Status(status).JSON(fiber.Map{"error": e})
}

// isHTMX reports whether htmx sent the request (it then wants a fragment
// or an HX-Redirect rather than a whole page or a 303).
func isHTMX(c *fiber.Ctx) bool { return c.Get("HX-Request") == "true" }
