package handlers

import (
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/ziweiinput"
)

// ZiweiAPI serves POST /api/v1/ziwei.
type ZiweiAPI struct {
	now func() time.Time // picks the overlay year when none is asked for
}

// NewZiweiAPI returns the board API; now is usually time.Now.
func NewZiweiAPI(now func() time.Time) *ZiweiAPI { return &ZiweiAPI{now: now} }

// Compute is POST /api/v1/ziwei: the chart API's body plus year, leap_rule
// and late_zi. Refused input is a 400 naming the field, as the chart API.
func (h *ZiweiAPI) Compute(c *fiber.Ctx) error {
	req, ferr := ziweiinput.DecodeJSON(c.Body())
	if ferr != nil {
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: ferr.Code, Message: ferr.Message, Field: ferr.Field})
	}
	board, err := ziweiinput.Build(req, h.now())
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			return jsonError(c, fiber.StatusBadRequest, APIError{Code: fe.Code, Message: fe.Message, Field: fe.Field})
		}
		return fmt.Errorf("compute board: %w", err)
	}
	return c.JSON(board.Document())
}
