package handlers

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/bazi-master/bazi-master/views"
)

// ErrCSRF refuses a state-changing request without a valid CSRF token or
// from another site.
var ErrCSRF = &fiber.Error{Code: fiber.StatusForbidden, Message: "The form has expired or came from another site; reload the page and try again."}

// BadTextError refuses a request one of whose fields holds a NUL byte or
// bytes that are not UTF-8 (the database cannot store either).
type BadTextError struct{ Field string }

func (e *BadTextError) Error() string {
	return fmt.Sprintf("field %q holds a NUL character or text that is not UTF-8", e.Field)
}

// Errors renders every error a handler returns: an HTML page for browsers,
// the JSON error shape for API routes.
type Errors struct {
	site *Site
	log  *slog.Logger
}

// NewErrors returns the app's error renderer.
func NewErrors(site *Site, log *slog.Logger) *Errors { return &Errors{site: site, log: log} }

// Handle is fiber's ErrorHandler.
func (h *Errors) Handle(c *fiber.Ctx, err error) error {
	status := fiber.StatusInternalServerError
	var fe *fiber.Error
	var bt *BadTextError
	if errors.As(err, &fe) {
		status = fe.Code
	} else if errors.As(err, &bt) {
		status = fiber.StatusBadRequest
	} else if isUnavailable(err) {
		// PostgreSQL or Redis is unreachable: a friendly 503, not a 500.
		status = fiber.StatusServiceUnavailable
	}
	reqID, _ := c.Locals(LocalRequestID).(string)
	if status >= 500 {
		h.log.Error("request failed", "request_id", reqID, "method", c.Method(), "path", c.Path(), "status", status, "error", err)
	}
	if wantsJSON(c) {
		code, msg := "internal_error", "Something went wrong; please try again."
		switch {
		case errors.Is(err, ErrCSRF):
			code, msg = "csrf_failed", ErrCSRF.Message
		case bt != nil:
			return jsonError(c, status, APIError{Code: "invalid_text", Field: bt.Field, Message: fmt.Sprintf("Field %q holds a NUL character or text that is not UTF-8.", bt.Field)})
		case status == fiber.StatusNotFound:
			code, msg = "not_found", "No such resource."
		case status == fiber.StatusServiceUnavailable:
			code, msg = "unavailable", "The service is temporarily unavailable."
		case status < 500 && fe != nil:
			code, msg = statusCode(status), fe.Message
		}
		return jsonError(c, status, APIError{Code: code, Message: msg})
	}

	p := h.site.Page(c, "")
	var title, body string
	switch {
	case status == fiber.StatusNotFound:
		title, body = p.T("error.404.title"), p.T("error.404.body")
	case status == fiber.StatusServiceUnavailable:
		title, body = p.T("error.503.title"), p.T("error.503.body")
	case status == fiber.StatusTooManyRequests:
		title, body = p.T("error.429.title"), p.T("error.429.body", retryMinutes(c))
	case errors.Is(err, ErrCSRF):
		title, body = p.T("error.csrf.title"), p.T("error.csrf.body")
	case bt != nil:
		title, body = p.T("error.text.title"), p.T("error.text.body", bt.Field)
	case status < 500 && fe != nil:
		title, body = fe.Message, ""
	default:
		title, body = p.T("error.500.title"), p.T("error.500.body", reqID)
	}
	p.Title = title
	return render(c, status, views.ErrorPage(p, status, title, body))
}

// retryMinutes is the response's Retry-After in whole minutes, rounded up.
func retryMinutes(c *fiber.Ctx) int {
	secs, err := strconv.Atoi(c.GetRespHeader(fiber.HeaderRetryAfter))
	if err != nil || secs < 1 {
		return 1
	}
	return (secs + 59) / 60
}

// NotFound ends the route table: nothing matched.
func NotFound(c *fiber.Ctx) error {
	c.Locals(LocalRoute, "unmatched")
	return fiber.ErrNotFound
}

func wantsJSON(c *fiber.Ctx) bool {
	p := c.Path()
	if strings.HasPrefix(p, "/api/") || p == "/ready" || p == "/health" || p == "/metrics" {
		return true
	}
	return c.Accepts(fiber.MIMETextHTML, fiber.MIMEApplicationJSON) == fiber.MIMEApplicationJSON
}

// statusCode is the snake_case name of an HTTP status ("too_many_requests").
func statusCode(status int) string {
	return strings.ToLower(strings.ReplaceAll(utils.StatusMessage(status), " ", "_"))
}
