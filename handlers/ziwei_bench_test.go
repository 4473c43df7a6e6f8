package handlers

import (
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/static"
)

// BenchmarkZiweiPage is the server time of GET /ziwei: parse the query,
// compute the board and its overlay, render the whole page, with a palace
// chosen (its 三方四正 highlighted). The budget is 0.3 ms.
func BenchmarkZiweiPage(b *testing.B) {
	for _, lang := range []string{"en", "zh-Hans", "zh-Hant"} {
		b.Run(lang, func(b *testing.B) {
			site := &Site{I18n: i18n.MustLoad(), Asset: static.NewAssets().URL}
			h := NewZiweiPage(site, NewChartForm(site), time.Now)
			app := fiber.New()
			app.Get("/ziwei", func(c *fiber.Ctx) error {
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
				ctx.Request.SetRequestURI("/ziwei?date=2000-08-16&time=03%3A30&tz=Asia%2FShanghai&gender=female&place=Beijing&year=2027&palace=4")
				handler(&ctx)
				if ctx.Response.StatusCode() != 200 {
					b.Fatalf("status %d", ctx.Response.StatusCode())
				}
			}
			b.ReportMetric(float64(len(ctx.Response.Body())), "bytes/page")
		})
	}
}
