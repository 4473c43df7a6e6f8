package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

func TestHealthIsLiveJSON(t *testing.T) {
	app := testutil.StartApp(t)
	for _, path := range []string{"/health", "/api/health"} {
		res := app.Get(t, path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, res.StatusCode, res.Body)
		}
		var body struct {
			Status  string `json:"status"`
			Version string `json:"version"`
			Uptime  *int64 `json:"uptime_seconds"`
		}
		res.JSON(t, &body)
		if body.Status != "ok" || body.Version == "" || body.Uptime == nil || *body.Uptime < 0 {
			t.Fatalf("%s body: %s", path, res.Body)
		}
		if res.Header.Get("X-Request-ID") == "" {
			t.Fatalf("%s: no X-Request-ID", path)
		}
	}
}

type readiness struct {
	Status string   `json:"status"`
	Failed []string `json:"failed"`
	Checks map[string]struct {
		Status string `json:"status"`
	} `json:"checks"`
}

func TestReadyChecksPostgresAndRedis(t *testing.T) {
	app := testutil.StartApp(t)
	res := app.Get(t, "/ready")
	var r readiness
	res.JSON(t, &r)
	if res.StatusCode != 200 || r.Status != "ready" || r.Checks["database"].Status != "ok" || r.Checks["redis"].Status != "ok" {
		t.Fatalf("ready: %d %s", res.StatusCode, res.Body)
	}
}

// When Redis goes away /ready turns 503 and names it, while liveness and
// pages that do not need Redis keep working; when it is back, so is /ready.
func TestReadyNamesAFailedRedis(t *testing.T) {
	redisURL, stop := testutil.RedisServer(t)
	app := testutil.StartApp(t, testutil.WithEnv("REDIS_URL", redisURL))
	if res := app.Get(t, "/ready"); res.StatusCode != 200 {
		t.Fatalf("ready before the fault: %d %s", res.StatusCode, res.Body)
	}
	stop()
	var r readiness
	testutil.Eventually(t, 10*time.Second, func() error {
		res := app.Get(t, "/ready")
		if res.StatusCode != http.StatusServiceUnavailable {
			return testutil.Errorf("status %d", res.StatusCode)
		}
		res.JSON(t, &r)
		return nil
	})
	if len(r.Failed) != 1 || r.Failed[0] != "redis" || r.Checks["database"].Status != "ok" {
		t.Fatalf("503 body should name only redis: %+v", r)
	}
	if res := app.Get(t, "/health"); res.StatusCode != 200 {
		t.Fatalf("liveness must not depend on Redis: %d", res.StatusCode)
	}
	if res := app.Get(t, "/"); res.StatusCode != 200 {
		t.Fatalf("home page must not depend on Redis: %d", res.StatusCode)
	}
	if !strings.Contains(app.Logs.String(), `"dependency":"redis"`) {
		t.Fatal("the failed check is not logged with its cause")
	}
}

// `make run` with nothing configured: SQLite, no Redis.
func TestEmbeddedDefaults(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithSQLite(), testutil.WithoutRedis())
	if res := app.Get(t, "/"); res.StatusCode != 200 || !strings.Contains(res.Body, "BaZi Master") {
		t.Fatalf("home on SQLite: %d", res.StatusCode)
	}
	res := app.Get(t, "/ready")
	var r readiness
	res.JSON(t, &r)
	if res.StatusCode != 200 || r.Checks["database"].Status != "ok" {
		t.Fatalf("ready on SQLite: %d %s", res.StatusCode, res.Body)
	}
	if _, ok := r.Checks["redis"]; ok {
		t.Fatal("redis is checked although it is not configured")
	}
}

func TestMetricsByRouteAndStatus(t *testing.T) {
	app := testutil.StartApp(t)
	app.Get(t, "/")
	app.Get(t, "/")
	app.Get(t, "/no/such/page")
	res := app.Get(t, "/metrics")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`http_requests_total{method="GET",route="/",status="200"} 2`,
		`http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`http_request_duration_seconds_bucket{method="GET",route="/",le=`,
		"http_requests_in_flight",
		"go_goroutines",
	} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(res.Body, "/no/such/page") {
		t.Error("raw paths leak into metric labels")
	}
}

func TestMetricsToken(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithEnv("METRICS_TOKEN", "s3cret-token"))
	if res := app.Get(t, "/metrics"); res.StatusCode != 401 || res.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("no token: %d", res.StatusCode)
	}
	if res := app.Get(t, "/metrics", "Authorization", "Bearer wrong"); res.StatusCode != 401 {
		t.Fatalf("wrong token: %d", res.StatusCode)
	}
	if res := app.Get(t, "/metrics", "Authorization", "Bearer s3cret-token"); res.StatusCode != 200 || !strings.Contains(res.Body, "http_requests_total") {
		t.Fatalf("right token: %d", res.StatusCode)
	}
}

// One JSON line per request with the fields operators filter on; the
// caller's request id is kept; query strings and cookies never reach the log.
func TestRequestLogLines(t *testing.T) {
	app := testutil.StartApp(t)
	req, _ := http.NewRequest(http.MethodGet, app.URL+"/?token=super-secret-token", nil)
	req.Header.Set("X-Request-ID", "trace-abc-123")
	req.Header.Set("Cookie", "session=cookie-secret-value")
	res := app.Do(t, req)
	if got := res.Header.Get("X-Request-ID"); got != "trace-abc-123" {
		t.Fatalf("request id not echoed: %q", got)
	}
	var line map[string]any
	for _, l := range app.Logs.Lines(t) {
		if l["msg"] == "request" && l["request_id"] == "trace-abc-123" {
			line = l
		}
	}
	if line == nil {
		t.Fatalf("no log line for the request:\n%s", app.Logs.String())
	}
	if line["method"] != "GET" || line["route"] != "/" || line["status"] != float64(200) || line["latency_ms"] == nil {
		t.Fatalf("log line fields: %v", line)
	}
	logs := app.Logs.String()
	if strings.Contains(logs, "super-secret-token") || strings.Contains(logs, "cookie-secret-value") {
		t.Fatal("a secret reached the log")
	}

	// A hostile request id (header injection, huge) is replaced.
	req, _ = http.NewRequest(http.MethodGet, app.URL+"/health", nil)
	req.Header.Set("X-Request-ID", strings.Repeat("x", 500))
	if got := app.Do(t, req).Header.Get("X-Request-ID"); len(got) == 0 || len(got) > 128 {
		t.Fatalf("oversized request id kept: %d chars", len(got))
	}
}

func TestSecurityHeaders(t *testing.T) {
	app := testutil.StartApp(t)
	res := app.Get(t, "/")
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Fatalf("CSP: %q", csp)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") == "" {
		t.Fatalf("headers: %v", res.Header)
	}
	if res.Header.Get("Strict-Transport-Security") != "" {
		t.Fatal("HSTS outside production would pin plain-HTTP development hosts")
	}
}

func TestNotFoundPageAndJSON(t *testing.T) {
	app := testutil.StartApp(t)
	res := app.Get(t, "/no/such/page", "Accept-Language", "zh-CN")
	if res.StatusCode != 404 {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if got := d.Find(`[data-testid="error-page"] h1`).Text(); got != "页面不存在" {
		t.Fatalf("404 title in zh-Hans = %q", got)
	}
	res = app.Get(t, "/api/v1/nothing")
	if res.StatusCode != 404 || !strings.Contains(res.Body, `"code":"not_found"`) {
		t.Fatalf("API 404: %d %s", res.StatusCode, res.Body)
	}
}

func TestHomePageInThreeLanguages(t *testing.T) {
	app := testutil.StartApp(t)
	for _, tc := range []struct{ accept, lang, name, title string }{
		{"en-GB,en;q=0.9", "en", "BaZi Master", "Your BaZi chart, exact to the minute"},
		{"zh-CN,zh;q=0.9", "zh-Hans", "八字大师", "你的八字命盘，精确到分钟"},
		{"zh-TW", "zh-Hant", "八字大師", "你的八字命盤，精確到分鐘"},
	} {
		res := app.Get(t, "/", "Accept-Language", tc.accept)
		d := testutil.HTML(t, res.Body)
		if got, _ := d.Find("html").Attr("lang"); got != tc.lang {
			t.Errorf("%s: lang=%q", tc.accept, got)
		}
		if got := strings.TrimSpace(d.Find(`[data-testid="brand"]`).Text()); got != tc.name {
			t.Errorf("%s: brand %q", tc.accept, got)
		}
		if got := d.Find("h1").Text(); got != tc.title {
			t.Errorf("%s: h1 %q", tc.accept, got)
		}
		if n := d.Find(`[data-testid="home-features"] article`).Length(); n != 4 {
			t.Errorf("%s: %d feature cards", tc.accept, n)
		}
		// A raw translation key on the page means a missing string.
		if regexp.MustCompile(`>\s*(home|nav|footer|lang|theme|error)\.[a-z.]+\s*<`).MatchString(res.Body) {
			t.Errorf("%s: untranslated key on the page", tc.accept)
		}
	}

	// The switcher's links keep the page's query and replace its lang.
	sw := testutil.HTML(t, app.Get(t, "/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&lang=en").Body)
	links := map[string]string{}
	sw.Find(`[data-testid="lang-switcher"] a`).Each(func(_ int, s *goquery.Selection) {
		links[s.AttrOr("lang", "")] = s.AttrOr("href", "")
	})
	for _, l := range []string{"zh-Hans", "zh-Hant"} {
		want := "/chart?date=1988-02-15&gender=male&lang=" + l + "&time=23%3A30&tz=Asia%2FShanghai"
		if links[l] != want {
			t.Errorf("switcher link to %s: %q, want %q", l, links[l], want)
		}
	}

	// The switcher's link sets a cookie that wins over Accept-Language.
	res := app.Get(t, "/?lang=zh-Hant", "Accept-Language", "en")
	if !strings.Contains(res.Body, "八字大師") {
		t.Fatal("?lang=zh-Hant did not switch")
	}
	res = app.Get(t, "/", "Accept-Language", "en")
	if !strings.Contains(res.Body, "八字大師") {
		t.Fatal("language choice not remembered by cookie")
	}
	var langCookie *http.Cookie
	for _, c := range app.Client.Jar.Cookies(mustURL(t, app.URL)) {
		if c.Name == "lang" {
			langCookie = c
		}
	}
	if langCookie == nil || langCookie.Value != "zh-Hant" {
		t.Fatalf("lang cookie: %+v", langCookie)
	}
}

// Every asset the layout links is served, cache-busted and cached for a year;
// htmx 2 and its SSE extension are vendored.
func TestStaticAssetsAreEmbeddedAndLongCached(t *testing.T) {
	app := testutil.StartApp(t)
	d := testutil.HTML(t, app.Get(t, "/").Body)
	var urls []string
	d.Find(`link[rel="stylesheet"], link[rel="icon"], script[src]`).Each(func(_ int, s *goquery.Selection) {
		if v, ok := s.Attr("href"); ok {
			urls = append(urls, v)
		}
		if v, ok := s.Attr("src"); ok {
			urls = append(urls, v)
		}
	})
	if len(urls) < 5 {
		t.Fatalf("assets linked: %v", urls)
	}
	bodies := map[string]string{}
	for _, u := range urls {
		if !strings.Contains(u, "?v=") {
			t.Errorf("%s has no content hash", u)
		}
		res := app.Get(t, u)
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", u, res.StatusCode)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("%s: Cache-Control %q", u, cc)
		}
		bodies[u[:strings.Index(u, "?")]] = res.Body
	}
	if !strings.Contains(bodies["/static/js/htmx.min.js"], `version:"2.0.`) {
		t.Error("vendored htmx is not 2.0.x")
	}
	if !strings.Contains(bodies["/static/js/sse.min.js"], "sse") {
		t.Error("htmx SSE extension missing")
	}
	if !strings.Contains(bodies["/static/css/app.css"], ".container-page") {
		t.Error("built CSS lacks the app's components")
	}
	// Compressed when the browser allows it, to the same bytes; a revalidation
	// with the ETag costs no body.
	var cssURL string
	for _, u := range urls {
		if strings.HasPrefix(u, "/static/css/app.css?") {
			cssURL = u
		}
	}
	res, gz := app.GetRaw(t, cssURL, "Accept-Encoding", "gzip, deflate, br, zstd")
	if res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("CSS not compressed: %q, Vary %q", res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || string(unzipped) != bodies["/static/css/app.css"] {
		t.Fatalf("gzipped CSS differs from the plain one (%d vs %d bytes, %v)", len(unzipped), len(bodies["/static/css/app.css"]), err)
	}
	if res.ContentLength >= int64(len(unzipped))/3 {
		t.Errorf("CSS gzipped to %d of %d bytes", res.ContentLength, len(unzipped))
	}
	again, _ := app.GetRaw(t, cssURL, "Accept-Encoding", "gzip, deflate, br, zstd", "If-None-Match", res.Header.Get("ETag"))
	if res.Header.Get("ETag") == "" || again.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation with ETag %q: %d", res.Header.Get("ETag"), again.StatusCode)
	}
}

// A panic in a handler becomes a 500 page quoting the request id, is
// logged with its stack, and the server keeps serving.
func TestPanicIsRecovered(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithRoutes(func(r fiber.Router) {
		r.Get("/test/panic", func(*fiber.Ctx) error { panic("boom") })
	}))
	res := app.Get(t, "/test/panic")
	id := res.Header.Get("X-Request-ID")
	if res.StatusCode != 500 || id == "" || !strings.Contains(res.Body, id) {
		t.Fatalf("panic response: %d, id %q", res.StatusCode, id)
	}
	if !strings.Contains(app.Logs.String(), `"panic":"boom"`) {
		t.Fatal("panic not logged")
	}
	if res := app.Get(t, "/health"); res.StatusCode != 200 {
		t.Fatal("server stopped serving after a panic")
	}
}

// Shutdown stops accepting, lets the request in flight finish, then
// closes the database.
func TestGracefulShutdown(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	app := testutil.StartApp(t, testutil.WithRoutes(func(r fiber.Router) {
		r.Get("/test/slow", func(c *fiber.Ctx) error {
			close(entered)
			<-release
			return c.SendString("finished")
		})
	}))
	got := make(chan *testutil.Response, 1)
	go func() { got <- app.Get(t, "/test/slow") }()
	<-entered

	shutdown := make(chan error, 1)
	go func() { shutdown <- app.Server.Shutdown(10 * time.Second) }()

	addr := strings.TrimPrefix(app.URL, "http://")
	testutil.Eventually(t, 5*time.Second, func() error {
		conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			conn.Close()
			return testutil.Errorf("still accepting connections")
		}
		return nil
	})
	select {
	case err := <-shutdown:
		t.Fatalf("shutdown returned before the request in flight finished: %v", err)
	default:
	}
	close(release)
	res := <-got
	if res.StatusCode != 200 || res.Body != "finished" {
		t.Fatalf("in-flight request: %d %q", res.StatusCode, res.Body)
	}
	if err := <-shutdown; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := app.Server.DB.Ping(ctx); err == nil {
		t.Fatal("database still open after shutdown")
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
