package handlers

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/reverseinput"
)

// maxReverseMatches caps one answer; a 400-year range yields far fewer.
const maxReverseMatches = 500

// ReverseAPI is GET /api/v1/reverse?year=戊辰&month=甲寅&day=辛丑[&hour=戊子]
// [&from=1800&to=2200][&zi_rule=split]: the birth times (Beijing time) whose
// pillars are the ones given. Pillars are read as the /reverse page reads
// them (characters or pinyin).
func ReverseAPI(c *fiber.Ctx) error {
	var p bazi.Pillars
	for _, f := range []struct {
		name string
		dst  *bazi.GanZhi
	}{{"year", &p.Year}, {"month", &p.Month}, {"day", &p.Day}} {
		v := strings.TrimSpace(c.Query(f.name))
		if v == "" {
			return jsonError(c, fiber.StatusBadRequest, APIError{Code: "required", Field: f.name, Message: "Give the " + f.name + " pillar as two characters, such as 甲子."})
		}
		g, ok := reverseinput.ParsePillar(v)
		if !ok {
			return jsonError(c, fiber.StatusBadRequest, APIError{Code: "invalid_ganzhi", Field: f.name, Message: "The " + f.name + " pillar must be one of the sixty pairs, such as 甲子."})
		}
		*f.dst = g
	}
	if v := strings.TrimSpace(c.Query("hour")); v != "" {
		g, ok := reverseinput.ParsePillar(v)
		if !ok {
			return jsonError(c, fiber.StatusBadRequest, APIError{Code: "invalid_ganzhi", Field: "hour", Message: "The hour pillar must be one of the sixty pairs, such as 甲子."})
		}
		p.Hour, p.HasHour = g, true
	}
	from, to := bazi.MinYear, bazi.MaxYear
	for _, f := range []struct {
		name string
		dst  *int
	}{{"from", &from}, {"to", &to}} {
		if v := c.Query(f.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < bazi.MinYear || n > bazi.MaxYear {
				return jsonError(c, fiber.StatusBadRequest, APIError{Code: "out_of_range", Field: f.name, Message: "Years must be between " + strconv.Itoa(bazi.MinYear) + " and " + strconv.Itoa(bazi.MaxYear) + "."})
			}
			*f.dst = n
		}
	}
	if from > to {
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: "out_of_range", Field: "from", Message: "from must not be after to."})
	}
	zi := bazi.ZiNextDay
	switch c.Query("zi_rule", "next-day") {
	case "next-day":
	case "split":
		zi = bazi.ZiSplit
	default:
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: "invalid_value", Field: "zi_rule", Message: "zi_rule must be next-day or split."})
	}
	matches, err := bazi.ReverseLookup(p, from, to, zi)
	if err != nil {
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: "out_of_range", Field: "from", Message: err.Error()})
	}
	truncated := len(matches) > maxReverseMatches
	if truncated {
		matches = matches[:maxReverseMatches]
	}
	if matches == nil {
		matches = []bazi.Match{}
	}
	return c.JSON(fiber.Map{"timezone": "+08:00", "matches": matches, "truncated": truncated})
}
