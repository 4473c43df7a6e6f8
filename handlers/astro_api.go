package handlers

import (
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/astroinput"
)

// AstroAPI serves POST /api/v1/astro.
type AstroAPI struct {
	now func() time.Time
}

// NewAstroAPI returns the natal chart API; now is usually time.Now.
func NewAstroAPI(now func() time.Time) *AstroAPI { return &AstroAPI{now: now} }

// Compute is POST /api/v1/astro: the chart API's body (the gender may be
// left out) plus house_system and day. Refused input is a 400 naming the
// field, as the chart API.
func (h *AstroAPI) Compute(c *fiber.Ctx) error {
	req, ferr := astroinput.DecodeJSON(c.Body())
	if ferr != nil {
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: ferr.Code, Message: ferr.Message, Field: ferr.Field})
	}
	chart, err := astroinput.Build(req, h.now())
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			return jsonError(c, fiber.StatusBadRequest, APIError{Code: fe.Code, Message: fe.Message, Field: fe.Field})
		}
		return fmt.Errorf("compute natal chart: %w", err)
	}
	return c.JSON(chart.Document())
}
