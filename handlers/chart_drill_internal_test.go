package handlers

import (
	"fmt"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// parseDrill takes month 1–12 and a real YYYY-MM-DD day with a month,
// refuses everything else naming the field, and never panics.
func FuzzParseDrill(f *testing.F) {
	for _, s := range [][2]string{{"", ""}, {"1", ""}, {"12", "2024-03-10"}, {"13", ""}, {"0", ""}, {"01", "2024-02-30"}, {"+1", ""},
		{"1", "2024-3-10"}, {"", "2024-03-10"}, {"٣", ""}, {"2", " 2024-03-10"}, {"2", "2024-03-10T00:00"}, {"999999999999", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, month, day string) {
		dp, field := parseDrill(month, day)
		switch field {
		case "":
			if month == "" && (day != "" || dp.month != 0) {
				t.Fatalf("%q %q: accepted without a month: %+v", month, day, dp)
			}
			if month != "" && (dp.month < 1 || dp.month > 12 || fmt.Sprint(dp.month) != trimZero(month)) {
				t.Fatalf("month %q read as %d", month, dp.month)
			}
			if day != "" {
				if got := fmt.Sprintf("%04d-%02d-%02d", dp.y, dp.m, dp.d); got != day || dp.day != day {
					t.Fatalf("day %q read as %s", day, got)
				}
				if _, err := time.Parse(time.DateOnly, day); err != nil {
					t.Fatalf("day %q accepted: %v", day, err)
				}
			}
		case "month", "day":
		default:
			t.Fatalf("field %q", field)
		}
	})
}

func trimZero(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

// BenchmarkChartDays is the server time of GET /chart/liuri: parse,
// compute the chart, list the days of a 流月 with their relations, render
// the fragment.
func BenchmarkChartDays(b *testing.B) {
	benchPage(b, "/chart/liuri", "/chart/liuri?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&place=Beijing&year=2024&month=2", func(site *Site) fiber.Handler {
		return NewChartPage(site, NewChartForm(site), time.Now).LiuRi
	})
}

// BenchmarkChartHours is GET /chart/liushi: the days as above and the
// twelve 时辰 of one of them.
func BenchmarkChartHours(b *testing.B) {
	benchPage(b, "/chart/liushi", "/chart/liushi?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&place=Beijing&year=2024&month=2&day=2024-03-10", func(site *Site) fiber.Handler {
		return NewChartPage(site, NewChartForm(site), time.Now).LiuShi
	})
}
