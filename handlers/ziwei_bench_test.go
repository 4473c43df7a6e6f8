package handlers

import (
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// BenchmarkZiweiPage is the server time of GET /ziwei: parse the query,
// compute the board and its overlay, render the whole page, with a palace
// chosen (its 三方四正 highlighted). The budget is 0.3 ms.
func BenchmarkZiweiPage(b *testing.B) {
	benchPage(b, "/ziwei", "/ziwei?date=2000-08-16&time=03%3A30&tz=Asia%2FShanghai&gender=female&place=Beijing&year=2027&palace=4", func(site *Site) fiber.Handler {
		return NewZiweiPage(site, NewChartForm(site), time.Now).Show
	})
}
