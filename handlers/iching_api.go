package handlers

import (
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/ichinginput"
)

// IChingAPI serves POST /api/v1/iching.
type IChingAPI struct {
	now func() time.Time
}

// NewIChingAPI returns the cast API; now (usually time.Now) is the time
// method's default moment.
func NewIChingAPI(now func() time.Time) *IChingAPI { return &IChingAPI{now: now} }

// Cast is POST /api/v1/iching: {"method", "lines", "numbers", "at", "tz",
// "question"}, all optional (no method casts three coins). Refused input
// is a 400 naming the field.
func (h *IChingAPI) Cast(c *fiber.Ctx) error {
	req, ferr := ichinginput.DecodeJSON(c.Body())
	if ferr != nil {
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: ferr.Code, Message: ferr.Message, Field: ferr.Field})
	}
	res, err := ichinginput.Cast(req, rand.Reader, h.now())
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			return jsonError(c, fiber.StatusBadRequest, APIError{Code: fe.Code, Message: fe.Message, Field: fe.Field})
		}
		return fmt.Errorf("cast: %w", err)
	}
	return c.JSON(res.Document())
}
