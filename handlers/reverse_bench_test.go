package handlers

import (
	"testing"

	"github.com/gofiber/fiber/v2"
)

// BenchmarkReversePage is the server time of GET /reverse for four pillars
// over the whole 1800–2200 range: parse the form, look up, render the
// candidates with their chart links.
func BenchmarkReversePage(b *testing.B) {
	benchPage(b, "/reverse", "/reverse?year=%E6%88%8A%E8%BE%B0&month=%E7%94%B2%E5%AF%85&day=%E8%BE%9B%E4%B8%91&hour=%E6%88%8A%E5%AD%90", func(site *Site) fiber.Handler {
		return NewReversePage(site).Show
	})
}

// BenchmarkReversePageDays is GET /reverse without the hour, in pinyin.
func BenchmarkReversePageDays(b *testing.B) {
	benchPage(b, "/reverse", "/reverse?year=wu+chen&month=jia+yin&day=xin+chou", func(site *Site) fiber.Handler {
		return NewReversePage(site).Show
	})
}
