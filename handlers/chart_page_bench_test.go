package handlers

import (
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/static"
)

// benchPage times a page's server time in each language: the handler
// show makes for the site serves uri on route, straight through Fiber's
// handler (no network), and the page's size is reported.
func benchPage(b *testing.B, route, uri string, show func(site *Site) fiber.Handler) {
	for _, lang := range i18n.Langs {
		b.Run(string(lang), func(b *testing.B) {
			site := &Site{I18n: i18n.MustLoad(), Asset: static.NewAssets().URL}
			h := show(site)
			app := fiber.New()
			app.Get(route, func(c *fiber.Ctx) error {
				c.Locals(LocalLang, lang)
				return h(c)
			})
			handler := app.Handler()
			var ctx fasthttp.RequestCtx
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ctx.Request.Reset()
				ctx.Response.Reset()
				ctx.Request.SetRequestURI(uri)
				handler(&ctx)
				if ctx.Response.StatusCode() != 200 {
					b.Fatalf("status %d", ctx.Response.StatusCode())
				}
			}
			b.ReportMetric(float64(len(ctx.Response.Body())), "bytes/page")
		})
	}
}

// BenchmarkChartPage is the server time of GET /chart: parse the query,
// compute the chart, render the whole page (the budget is well under 1 ms).
func BenchmarkChartPage(b *testing.B) {
	benchPage(b, "/chart", "/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&place=Beijing", func(site *Site) fiber.Handler {
		return NewChartPage(site, NewChartForm(site), time.Now).Show
	})
}

// BenchmarkTarotPage is the server time of GET /tarot for a Celtic
// Cross: parse the draw's query, draw ten faces and render the page.
func BenchmarkTarotPage(b *testing.B) {
	benchPage(b, "/tarot", "/tarot?spread=celtic-cross&cards=fool,magician.r,high-priestess,empress,ten-of-cups,hierophant,lovers.r,chariot,king-of-swords,world&question=Which+way%3F", func(site *Site) fiber.Handler {
		return NewTarotPage(site).Show
	})
}

// BenchmarkAstroPage is the server time of GET /astrology: parse the
// query, compute the natal chart, draw the wheel and render the page (the
// budget is well under 0.5 ms).
func BenchmarkAstroPage(b *testing.B) {
	benchPage(b, "/astrology", "/astrology?date=1990-01-01&time=06%3A30&tz=America%2FNew_York&lat=40.7128&lon=-74.006", func(site *Site) fiber.Handler {
		return NewAstroPage(site, NewChartForm(site), time.Now).Show
	})
}

// BenchmarkOverviewPage is GET /overview: parse, compute the chart, the
// board and the natal chart, compare them, render the page.
func BenchmarkOverviewPage(b *testing.B) {
	benchPage(b, "/overview", "/overview?date=1990-01-01&time=06%3A30&tz=America%2FNew_York&lat=40.7128&lon=-74.006&gender=female", func(site *Site) fiber.Handler {
		return NewOverviewPage(site, NewChartForm(site), time.Now).Show
	})
}

// BenchmarkIChingPage is GET /iching for a cast with two changing lines:
// parse, both hexagrams with their texts, the guide, the page.
func BenchmarkIChingPage(b *testing.B) {
	benchPage(b, "/iching", "/iching?lines=789789&method=lines&question=Where+next%3F", func(site *Site) fiber.Handler {
		return NewIChingPage(site, time.Now).Show
	})
}
