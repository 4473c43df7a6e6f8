package handlers

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/static"
	"github.com/bazi-master/bazi-master/views"
)

// goldenQueries are chart requests covering what the chart page shows
// differently: a place, no time, lunar input with a leap month, true solar
// time, the split 子 rule, the luck methods, DST and odd offsets, the
// southern hemisphere, the table's edges, and a display name that needs
// escaping.
var goldenQueries = []string{
	"date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&place=Beijing",
	"date=2005-12-23&time=08%3A37&tz=Asia%2FShanghai&gender=male",
	"date=1990-06-15&place=%E5%8C%97%E4%BA%AC&gender=female",
	"date=2020-04-01&calendar=lunar&leap_month=on&time=08%3A00&tz=%2B08%3A00&gender=female&lon=116.4&lat=39.9&true_solar_time=on",
	"date=1988-02-15&time=23%3A30&tz=America%2FNew_York&gender=female&zi_rule=split&luck_method=days&lon=-74",
	"date=2021-11-07&time=01%3A30&tz=America%2FNew_York&gender=male&luck_method=minutes",
	"date=1995-06-15&time=12%3A00&place=Urumqi&gender=male&true_solar_time=on",
	"date=1901-01-01&time=00%3A05&place=London&gender=female&zi_rule=split",
	"date=2199-12-31&tz=-03%3A30&gender=female",
	"date=1975-03-09&time=05%3A45&tz=Australia%2FSydney&gender=male&lon=151.2&lat=-33.9&true_solar_time=on",
	"date=1968-08-08&time=12%3A00&tz=Asia%2FKathmandu&gender=female&name=%3Cb%3EAnn%27s+%22chart%22+%26+more%3C%2Fb%3E",
	"date=2001-05-23&time=04%3A10&place=%E8%87%BA%E5%8C%97&gender=male&luck_method=days",
}

// goldenPages renders 56 chart pages and fragments in each language (168
// in all): every query as a guest; signed in, with a 大运 and a year open;
// the luck, months, days and hours fragments; and the saved and shared forms of a
// chart. Keys are file names.
func goldenPages(t *testing.T) map[string][]byte {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	site := &Site{I18n: i18n.MustLoad(), Asset: static.NewAssets().URL}
	h := NewChartPage(site, NewChartForm(site), func() time.Time { return now })
	user := &models.User{ID: 7, DisplayName: "Mei <Li>"}
	variants := []func(v *views.ChartView){
		func(v *views.ChartView) { v.Shared, v.SelfURL = true, "/s/tok3n" },
		func(v *views.ChartView) {
			v.Shared, v.SelfURL, v.HideLongitude, v.PlaceName, v.Name = true, "/s/tok3n", true, "", ""
			v.Query, v.ZiRuleURL, v.TrueSolarURL, v.LuckMethodURLs, v.CardURL, v.EditURL = "", "", "", nil, "", ""
		},
		func(v *views.ChartView) {
			v.SelfURL = "/charts/42"
			v.Saved = &views.SavedChartInfo{ID: 42, Name: v.Name, Notes: "notes & <more>", Tags: []string{"family", "a&b"}, TagsText: "family, a&b", Favourite: true}
		},
		func(v *views.ChartView) {
			v.SelfURL = "/charts/43"
			v.Saved = &views.SavedChartInfo{ID: 43, Name: "x", Trashed: true, ShareURL: "https://example.test/s/abc", ShareShowName: true, ShareIncludeReading: true}
		},
		func(v *views.ChartView) {
			v.SelfURL = "/charts/44"
			v.Saved = &views.SavedChartInfo{ID: 44, Name: "", Errors: map[string]string{"name": "Too long & wrong"}, EditOpen: true, ShareShowPlace: true}
		},
		func(v *views.ChartView) {
			v.Save = &views.SaveControl{Query: v.Query, Name: "n", Errors: map[string]string{"name": "taken"}}
		},
		func(v *views.ChartView) { v.SelectedLuck, v.Shared = 10, true },
		func(v *views.ChartView) { v.Save = nil },
	}

	app := fiber.New()
	lang := func(c *fiber.Ctx) error {
		c.Locals(LocalLang, i18n.Lang(c.Query("lang")))
		if c.Query("user") != "" {
			c.Locals(LocalUser, user)
			c.Locals(LocalCSRF, "csrf-token_1")
		}
		return c.Next()
	}
	app.Get("/chart", lang, h.Show)
	app.Get("/chart/luck", lang, h.Luck)
	app.Get("/chart/liuyue", lang, h.LiuYue)
	app.Get("/chart/liuri", lang, h.LiuRi)
	app.Get("/chart/liushi", lang, h.LiuShi)
	app.Get("/variant", lang, func(c *fiber.Ctx) error {
		q := goldenQueries[len(c.Query("v"))%len(goldenQueries)]
		req, name, err := chartinput.ParseQuery(q)
		if err != nil {
			return err
		}
		v, err := h.View(c, req, name)
		if err != nil {
			return err
		}
		v.Save = saveControl(c, v)
		variants[len(c.Query("v"))-1](&v)
		p := site.Page(c, "")
		p.Title = chartTitle(p, v)
		return render(c, fiber.StatusOK, views.ChartPage(p, v))
	})
	handler := app.Handler()

	get := func(uri string) []byte {
		var ctx fasthttp.RequestCtx
		ctx.Request.SetRequestURI(uri)
		handler(&ctx)
		if ctx.Response.StatusCode() != 200 {
			t.Fatalf("GET %s: status %d: %s", uri, ctx.Response.StatusCode(), ctx.Response.Body())
		}
		return append([]byte(nil), ctx.Response.Body()...)
	}
	out := map[string][]byte{}
	for _, l := range i18n.Langs {
		n := 0
		add := func(uri string) {
			n++
			out[fmt.Sprintf("%s-%02d.html", l, n)] = get(uri)
		}
		for _, q := range goldenQueries {
			add("/chart?" + q + "&lang=" + string(l))
		}
		for i, q := range goldenQueries {
			add(fmt.Sprintf("/chart?%s&lang=%s&user=1&luck=%d&year=%d", q, l, 1+i%10, 1990+7*i))
		}
		for i, q := range goldenQueries[:8] {
			add(fmt.Sprintf("/chart/luck?%s&lang=%s&luck=%d", q, l, 2+i))
		}
		for i, q := range goldenQueries[:8] {
			add(fmt.Sprintf("/chart/liuyue?%s&lang=%s&year=%d", q, l, 1900+37*i))
		}
		for i, q := range goldenQueries[:4] {
			add(fmt.Sprintf("/chart/liuri?%s&lang=%s&year=%d&month=%d", q, l, 1990+11*i, 1+3*i))
			add(fmt.Sprintf("/chart/liushi?%s&lang=%s&year=%d&month=%d&day=%d-%02d-20", q, l, 1990+11*i, 1+3*i, 1990+11*i, 2+3*i))
		}
		for i := range variants {
			add(fmt.Sprintf("/variant?lang=%s&user=%d&v=%s", l, i%2, strings.Repeat("x", i+1)))
		}
	}
	return out
}

// TestChartPagesGolden renders the golden chart pages (56 per language). With
// GOLDEN_PAGES_DIR set it compares them byte for byte with the pages in
// that directory, or writes them there when it is empty: run it once
// before a change to the chart views and once after, to show that the
// change leaves every page as it was.
func TestChartPagesGolden(t *testing.T) {
	pages := goldenPages(t)
	if want := 56 * len(i18n.Langs); len(pages) != want {
		t.Fatalf("%d pages, want %d", len(pages), want)
	}
	dir := os.Getenv("GOLDEN_PAGES_DIR")
	if dir == "" {
		return
	}
	existing, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	if len(existing) == 0 {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range pages {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("wrote %d pages to %s", len(pages), dir)
		return
	}
	same := 0
	for name, got := range pages {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			lo := max(i-100, 0)
			t.Errorf("%s differs at byte %d:\nwant …%s…\n got …%s…", name, i, want[lo:min(i+100, len(want))], got[lo:min(i+100, len(got))])
			continue
		}
		same++
	}
	t.Logf("%d of %d pages identical", same, len(pages))
}
