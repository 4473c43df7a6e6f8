package handlers

import (
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// BenchmarkAlmanacAPI is the server time of GET /api/v1/almanac: parse
// the query, read the day from lunar-go (most of the time: its twelve
// hours) and write the JSON.
func BenchmarkAlmanacAPI(b *testing.B) {
	benchPage(b, "/api/v1/almanac", "/api/v1/almanac?date=2024-02-10", func(*Site) fiber.Handler {
		return NewAlmanacAPI(time.Now).Day
	})
}

// BenchmarkDayPage is the server time of GET /daily?date= for a guest:
// the pillars, solar terms and the whole almanac of the day.
func BenchmarkDayPage(b *testing.B) {
	benchPage(b, "/daily", "/daily?date=2024-02-10&time=12:00", func(site *Site) fiber.Handler {
		return NewDaily(site, DailyDeps{}).Daily
	})
}

// BenchmarkCalendarPage is the server time of GET /calendar: a month of
// day pillars, solar terms and lunar days.
func BenchmarkCalendarPage(b *testing.B) {
	benchPage(b, "/calendar", "/calendar?year=2020&month=5", func(site *Site) fiber.Handler {
		return NewDaily(site, DailyDeps{}).Calendar
	})
}
