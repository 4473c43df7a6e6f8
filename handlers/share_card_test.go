package handlers_test

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/sharecard"
)

// Queries of each module's page, as their share links carry them.
const (
	shareChartQuery = "date=1990-05-15&time=14:30&tz=Asia%2FShanghai&gender=female&name=Grandma+Wen"
	shareCastQuery  = "lines=789786&method=coins&question=Will+it+rain%3F"
	shareDrawQuery  = "spread=three-card&cards=fool,tower.r,queen-of-pentacles&question=Work%3F"
)

// crawled is what a link-preview crawler reads of a page: its og:image,
// followed, and its twitter:card.
func crawlShare(t *testing.T, app *testutil.App, path, ua string) (title string) {
	t.Helper()
	res, body := app.GetRaw(t, path, "User-Agent", ua)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d\n%.400s", path, res.StatusCode, body)
	}
	doc := testutil.HTML(t, string(body))
	meta := func(sel string) string {
		v, ok := doc.Find(sel).Attr("content")
		if !ok {
			t.Errorf("%s: no %s", path, sel)
		}
		return v
	}
	image := meta(`meta[property="og:image"]`)
	if card := meta(`meta[name="twitter:card"]`); card != "summary_large_image" {
		t.Errorf("%s: twitter:card %q", path, card)
	}
	if meta(`meta[property="og:image:width"]`) != "1200" || meta(`meta[property="og:image:height"]`) != "630" {
		t.Errorf("%s: og:image size is not 1200×630", path)
	}
	title = meta(`meta[property="og:title"]`)
	if title == "" || meta(`meta[property="og:description"]`) == "" || meta(`meta[name="twitter:title"]`) == "" {
		t.Errorf("%s: empty og:title or og:description", path)
	}
	u, err := url.Parse(image)
	if err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		t.Fatalf("%s: og:image %q is not an absolute URL", path, image)
	}
	if !strings.HasPrefix(image, app.URL+"/") {
		t.Errorf("%s: og:image %q is not on the app's origin %s", path, image, app.URL)
	}
	img, pngBytes := app.GetRaw(t, u.RequestURI(), "User-Agent", ua)
	if img.StatusCode != http.StatusOK || img.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("%s: og:image %s: %d %s", path, image, img.StatusCode, img.Header.Get("Content-Type"))
	}
	if len(pngBytes) > 150<<10 {
		t.Errorf("%s: image is %d bytes, more than 150 KB", path, len(pngBytes))
	}
	// A shared chart's card is named by its share token and may be kept
	// only minutes (a revoked link's card must stop); the others forever.
	wantCC := "public, max-age=86400, immutable"
	if strings.HasPrefix(u.Path, "/s/") {
		wantCC = "public, max-age=300"
	}
	if cc := img.Header.Get("Cache-Control"); cc != wantCC || img.Header.Get("ETag") == "" || img.Header.Get("Set-Cookie") != "" {
		t.Errorf("%s: image headers Cache-Control %q, ETag %q, Set-Cookie %q", path, cc, img.Header.Get("ETag"), img.Header.Get("Set-Cookie"))
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(pngBytes))
	if err != nil {
		t.Fatalf("%s: og:image is not a PNG: %v", path, err)
	}
	if _, err := png.Decode(bytes.NewReader(pngBytes)); err != nil || cfg.Width != 1200 || cfg.Height != 630 {
		t.Errorf("%s: image %d×%d (%v), want 1200×630", path, cfg.Width, cfg.Height, err)
	}
	return title
}

// TestShareCrawlerSeesPNGPreviews fetches every module page and share link
// as a link-preview crawler does (no cookies) and follows its og:image.
func TestShareCrawlerSeesPNGPreviews(t *testing.T) {
	app := testutil.StartApp(t)
	const fb, wa = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "WhatsApp/2.23.20.0"
	pages := []string{
		"/chart?" + shareChartQuery,
		"/ziwei?" + shareChartQuery,
		"/compatibility?" + url.Values{"a": {shareChartQuery}, "b": {"date=1988-02-03&time=08:00&tz=Asia%2FShanghai&gender=male"}}.Encode(),
		"/iching?" + shareCastQuery,
		"/tarot?" + shareDrawQuery,
		"/tarot?spread=celtic-cross&cards=fool,magician,high-priestess,empress,emperor,hierophant,lovers,chariot,strength,hermit",
	}
	for i, p := range pages {
		ua := fb
		if i%2 == 1 {
			ua = wa
		}
		crawlShare(t, app, p, ua)
	}
	if title := crawlShare(t, app, "/chart?"+shareChartQuery+"&lang=zh-Hans", fb); !strings.Contains(title, "八字命盘") {
		t.Errorf("zh-Hans chart og:title %q", title)
	}

	// Share links: a saved chart (and its board and natal chart), a cast and a draw.
	u, br := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("share-og")})
	id := saveChart(t, br, nil)
	path := "/charts/" + strconv.FormatInt(id, 10)
	if res := br.PostForm(t, path+"/share", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("share: %d", res.StatusCode)
	}
	token := *loadChart(t, app, u.ID, id).ShareToken
	for _, p := range []string{"/s/" + token, "/s/" + token + "/ziwei", "/s/" + token + "/astrology"} {
		title := crawlShare(t, app, p, fb)
		if strings.Contains(title, "Grandma Wen") {
			t.Errorf("%s: og:title %q names the person the owner hid", p, title)
		}
		res, body := app.GetRaw(t, p)
		img, _ := testutil.HTML(t, string(body)).Find(`meta[property="og:image"]`).Attr("content")
		// The shared pages' card is named by the share, never by the birth.
		if iu, err := url.Parse(img); err != nil || iu.RawQuery != "lang=en" || !strings.HasPrefix(iu.Path, "/s/"+token+"/") {
			t.Errorf("%s: og:image %q is not the share's own card", p, img)
		}
		for _, hidden := range []string{"Hangzhou", "Grandma", "lat=", "120.16", "date="} {
			if strings.Contains(img, hidden) {
				t.Errorf("%s (%d): og:image %q carries %q, which the owner hid", p, res.StatusCode, img, hidden)
			}
		}
	}
	// Once the share is revoked its card is gone too.
	if res := br.PostForm(t, path+"/share/revoke", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	for _, p := range []string{"/s/" + token + "/card.png", "/s/" + token + "/ziwei/card.png"} {
		if res, _ := app.GetRaw(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s after the share was revoked: %d", p, res.StatusCode)
		}
	}
	ctx := context.Background()
	for _, d := range []struct{ kind, query string }{{models.KindIChing, shareCastQuery}, {models.KindTarot, shareDrawQuery}} {
		kept, err := app.Server.Divinations.Keep(ctx, models.Owner{UserID: u.ID}, d.kind, d.query, "", "")
		if err != nil {
			t.Fatal(err)
		}
		tok, err := app.Server.Divinations.Share(ctx, u.ID, kept.ID)
		if err != nil {
			t.Fatal(err)
		}
		crawlShare(t, app, "/shared/"+tok, wa)
	}
}

// TestShareCardRenderedOnce draws a card on the first request and serves
// the cached bytes (and 304 for its ETag) afterwards.
func TestShareCardRenderedOnce(t *testing.T) {
	site := &handlers.Site{I18n: i18n.MustLoad(), Asset: func(name string) string { return "/static/" + name }}
	cards := handlers.NewShareCards(site, sharecard.MustNew(), sharecard.NewCache(4<<20), func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) })
	app := fiber.New()
	app.Get("/chart/card.png", cards.Chart)
	app.Get("/iching/card.png", cards.IChing)
	get := func(path string, headers ...string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		res, err := app.Test(req, 10000)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := get("/chart/card.png?" + shareChartQuery + "&lang=en")
	if first.StatusCode != http.StatusOK || cards.Rendered.Load() != 1 {
		t.Fatalf("first request: %d, %d drawn", first.StatusCode, cards.Rendered.Load())
	}
	etag := first.Header.Get("ETag")
	if again := get("/chart/card.png?" + shareChartQuery + "&lang=en"); again.StatusCode != http.StatusOK || again.Header.Get("ETag") != etag {
		t.Errorf("second request: %d, ETag %q want %q", again.StatusCode, again.Header.Get("ETag"), etag)
	}
	if n := cards.Rendered.Load(); n != 1 {
		t.Errorf("the same card was drawn %d times", n)
	}
	if res := get("/chart/card.png?"+shareChartQuery+"&lang=en", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
	}
	// Another language is another card; a bad query draws nothing.
	if res := get("/chart/card.png?" + shareChartQuery + "&lang=zh-Hant"); res.StatusCode != http.StatusOK || res.Header.Get("ETag") == etag || cards.Rendered.Load() != 2 {
		t.Errorf("zh-Hant card: %d, ETag %q, %d drawn", res.StatusCode, res.Header.Get("ETag"), cards.Rendered.Load())
	}
	if res := get("/iching/card.png?lines=12"); res.StatusCode != http.StatusBadRequest || cards.Rendered.Load() != 2 {
		t.Errorf("bad cast: %d, %d drawn", res.StatusCode, cards.Rendered.Load())
	}
}

// TestChartShareImageIsThePNGCard: the chart page's "share image" button
// downloads the PNG card in the page's language (what phones and
// messengers open and forward), the same image the page's og:image names.
func TestChartShareImageIsThePNGCard(t *testing.T) {
	app := testutil.StartApp(t)
	doc := testutil.HTML(t, app.Get(t, "/chart?"+shareChartQuery+"&lang=zh-Hans").Body)
	link := testutil.ByTestID(doc, "share-image")
	href, _ := link.Attr("href")
	og, _ := doc.Find(`meta[property="og:image"]`).Attr("content")
	if !strings.HasPrefix(href, "/chart/card.png?") || link.AttrOr("download", "") != "bazi-chart.png" || !strings.HasSuffix(og, href) {
		t.Fatalf("share image %q (download %q), og:image %q", href, link.AttrOr("download", ""), og)
	}
	res, body := app.GetRaw(t, href)
	cfg, err := png.DecodeConfig(bytes.NewReader(body))
	if res.StatusCode != http.StatusOK || err != nil || cfg.Width != 1200 || cfg.Height != 630 {
		t.Fatalf("share image: %d %s, %v %d×%d", res.StatusCode, res.Header.Get("Content-Type"), err, cfg.Width, cfg.Height)
	}
}
