package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/almanac"
)

// AlmanacAPI is GET /api/v1/almanac?date=YYYY-MM-DD[&tz=…]: the almanac
// (黄历) of a civil date. A date's almanac does not depend on the zone;
// tz only says which date date=today is (Asia/Shanghai by default).
type AlmanacAPI struct{ now func() time.Time }

// NewAlmanacAPI returns the almanac API; now is the clock date=today reads.
func NewAlmanacAPI(now func() time.Time) *AlmanacAPI {
	if now == nil {
		now = time.Now
	}
	return &AlmanacAPI{now: now}
}

// Day answers one date.
func (h *AlmanacAPI) Day(c *fiber.Ctx) error {
	d, qerr := almanac.ParseQuery(c.Query("date"), c.Query("tz"), h.now())
	if qerr != nil {
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: qerr.Code, Field: qerr.Field, Message: qerr.Message})
	}
	day, err := almanac.On(d)
	if err != nil {
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: "out_of_range", Field: "date", Message: err.Error()})
	}
	return c.JSON(day.Doc())
}
