package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/database"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/static"
)

// BenchmarkHistoryPage is the server time of GET /history with 10,000
// charts of one user on PostgreSQL: query and render the whole page (the
// budget is 20 ms each), for the first page, searches, filters and a deep
// keyset page. It drives the handler through fasthttp directly, as
// BenchmarkChartPage does; the session middleware is replaced by a user in
// the request's locals.
func BenchmarkHistoryPage(b *testing.B) {
	ctx := context.Background()
	db, err := database.Open(ctx, config.Config{DatabaseURL: testutil.PostgresURL(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.MigrateUp(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		b.Fatal(err)
	}
	users := models.NewUsers(db.Gorm)
	email := fmt.Sprintf("bench-history-%d@example.com", time.Now().UnixNano())
	user := &models.User{Email: &email}
	if err := users.Create(ctx, user); err != nil {
		b.Fatal(err)
	}
	store := models.NewCharts(db.Gorm)

	// 10,000 charts made as Save makes them: real pillars, places, tags.
	places := []string{"Beijing", "Shanghai", "London", "台北", "New York", "Guangzhou"}
	rows := make([]*models.SavedChart, 0, 10000)
	for i := 0; i < 10000; i++ {
		req := chartinput.Request{Request: bazi.Request{
			Date:   fmt.Sprintf("%d-%02d-%02d", 1930+i%90, 1+i%12, 1+i%28),
			Time:   fmt.Sprintf("%02d:%02d", i%24, i%60),
			Gender: []string{"male", "female"}[i%2],
		}, Place: places[i%len(places)]}
		c, err := chartstore.Build(user.ID, req, chartstore.Meta{
			Name:  fmt.Sprintf("Client %05d", i),
			Notes: fmt.Sprintf("note %d: first consultation", i),
			Tags:  [][]string{{"family"}, {"client"}, {"client", "vip"}, nil}[i%4],
		})
		if err != nil {
			b.Fatal(err)
		}
		c.Favourite = i%7 == 0
		rows = append(rows, c)
	}
	if err := db.Gorm.CreateInBatches(rows, 1000).Error; err != nil {
		b.Fatal(err)
	}
	if err := db.Gorm.Exec("ANALYZE charts").Error; err != nil {
		b.Fatal(err)
	}

	// A cursor half-way through the list by name (page 200 of 25).
	deep := models.ListQuery{Sort: models.SortName, Limit: 100}
	for i := 0; i < 50; i++ {
		p, err := store.List(ctx, user.ID, deep)
		if err != nil {
			b.Fatal(err)
		}
		deep.Cursor = p.NextCursor
	}

	site := &handlers.Site{I18n: i18n.MustLoad(), Asset: static.NewAssets().URL}
	h := handlers.NewHistory(site, handlers.HistoryDeps{Charts: store})
	app := fiber.New()
	app.Get("/history", func(c *fiber.Ctx) error {
		c.Locals(handlers.LocalLang, i18n.English)
		c.Locals(handlers.LocalUser, user)
		c.Locals(handlers.LocalUserID, user.ID)
		c.Locals(handlers.LocalCSRF, "bench-token")
		return h.List(c)
	})
	handler := app.Handler()

	for _, bc := range []struct {
		name, query string
		htmx        bool
		minRows     int
	}{
		{"first-page", "", false, 25},
		{"first-page-htmx-fragment", "", true, 25},
		{"search-name", "q=client+0042", false, 10},
		{"search-ganzhi", "q=" + url.QueryEscape("甲子"), false, 25},
		{"search-no-match", "q=nobody", false, 0},
		{"filters", "gender=female&from=1970&to=1990&tag=client&sort=birth", false, 25},
		{"deep-page-by-name", "sort=name&cursor=" + deep.Cursor, false, 25},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var fctx fasthttp.RequestCtx
			run := func() {
				fctx.Request.Reset()
				fctx.Response.Reset()
				fctx.Request.SetRequestURI("/history?" + bc.query)
				if bc.htmx {
					fctx.Request.Header.Set("HX-Request", "true")
					fctx.Request.Header.Set("HX-Target", "chart-list")
				}
				handler(&fctx)
				if fctx.Response.StatusCode() != 200 {
					b.Fatalf("status %d: %s", fctx.Response.StatusCode(), fctx.Response.Body())
				}
			}
			run()
			if n := countRows(fctx.Response.Body()); n < bc.minRows {
				b.Fatalf("%d rows listed, want at least %d", n, bc.minRows)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				run()
			}
			b.StopTimer()
			b.ReportMetric(float64(len(fctx.Response.Body())), "bytes/page")
		})
	}
}

func countRows(body []byte) int { return bytes.Count(body, []byte(`data-testid="chart-row"`)) }
