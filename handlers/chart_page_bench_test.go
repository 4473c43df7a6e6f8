package handlers

import (
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/static"
)

// BenchmarkChartPage is the server time of GET /chart: parse the query,
// compute the chart, render the whole page (the budget is well under 1 ms).
func BenchmarkChartPage(b *testing.B) {
	for _, lang := range []string{"en", "zh-Hans", "zh-Hant"} {
		b.Run(lang, func(b *testing.B) {
			site := &Site{I18n: i18n.MustLoad(), Asset: static.NewAssets().URL}
			h := NewChartPage(site, NewChartForm(site), time.Now)
			app := fiber.New()
			app.Get("/chart", func(c *fiber.Ctx) error {
				c.Locals(LocalLang, i18n.Lang(lang))
				return h.Show(c)
			})
			handler := app.Handler()
			var ctx fasthttp.RequestCtx
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ctx.Request.Reset()
				ctx.Response.Reset()
				ctx.Request.SetRequestURI("/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&place=Beijing")
				handler(&ctx)
				if ctx.Response.StatusCode() != 200 {
					b.Fatalf("status %d", ctx.Response.StatusCode())
				}
			}
			b.ReportMetric(float64(len(ctx.Response.Body())), "bytes/page")
		})
	}
}
