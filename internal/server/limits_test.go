package server_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

const chartBody = `{"date":"1988-02-15","time":"23:30","tz":"Asia/Shanghai","gender":"male"}`

// wantAPIRefusal: a 429 in the API's JSON error shape, saying when to retry.
func wantAPIRefusal(t *testing.T, what string, res *testutil.Response, limit int) {
	t.Helper()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("%s over the limit: %d %.200s", what, res.StatusCode, res.Body)
	}
	var body struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	res.JSON(t, &body)
	if body.Error.Code != "too_many_requests" || body.Error.Message == "" {
		t.Fatalf("%s refusal body: %s", what, res.Body)
	}
	if secs, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || secs < 1 || secs > 60 {
		t.Fatalf("%s Retry-After %q", what, res.Header.Get("Retry-After"))
	}
	if res.Header.Get("RateLimit-Limit") != strconv.Itoa(limit) || res.Header.Get("RateLimit-Remaining") != "0" {
		t.Fatalf("%s RateLimit headers: %v", what, res.Header)
	}
}

// Each JSON API route has its own per-IP budget: the limit is served, the
// next request is a JSON 429, and using up one route leaves the others be.
func TestAPIRateLimits(t *testing.T) {
	limits := server.Limits{
		ChartAPIPerIP:   server.Rate{Limit: 3, Window: time.Minute},
		PlacesAPIPerIP:  server.Rate{Limit: 2, Window: time.Minute},
		ReverseAPIPerIP: server.Rate{Limit: 2, Window: time.Minute},
	}
	app := testutil.StartApp(t, testutil.WithServerOptions(server.WithLimits(limits)))
	t.Cleanup(app.Client.CloseIdleConnections)

	for i := range 3 {
		res := app.PostJSON(t, "/api/v1/chart", chartBody)
		if res.StatusCode != 200 || res.Header.Get("RateLimit-Limit") != "3" || res.Header.Get("RateLimit-Remaining") != strconv.Itoa(2-i) {
			t.Fatalf("chart %d: %d remaining %q", i, res.StatusCode, res.Header.Get("RateLimit-Remaining"))
		}
	}
	wantAPIRefusal(t, "chart", app.PostJSON(t, "/api/v1/chart", chartBody), 3)
	// A refused request is refused before the body is looked at.
	wantAPIRefusal(t, "chart with a bad body", app.PostJSON(t, "/api/v1/chart", `{`), 3)

	for _, tc := range []struct{ what, path string }{
		{"places", "/api/v1/places?q=London&limit=2"},
		{"reverse", "/api/v1/reverse?year=%E6%88%8A%E8%BE%B0&month=%E7%94%B2%E5%AF%85&day=%E8%BE%9B%E4%B8%91&from=1980&to=2000"},
	} {
		for i := range 2 {
			if res := app.Get(t, tc.path); res.StatusCode != 200 || res.Header.Get("RateLimit-Limit") != "2" {
				t.Fatalf("%s %d (its own budget): %d %v", tc.what, i, res.StatusCode, res.Header)
			}
		}
		wantAPIRefusal(t, tc.what, app.Get(t, tc.path), 2)
	}
	// Pages and health checks are not counted against the API.
	if res := app.Get(t, "/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male"); res.StatusCode != 200 || res.Header.Get("RateLimit-Limit") != "" {
		t.Fatalf("chart page: %d %v", res.StatusCode, res.Header)
	}
	// Preflights are not counted either (the limit sits on the POST route).
	req, _ := http.NewRequest(http.MethodOptions, app.URL+"/api/v1/chart", nil)
	if res := app.Do(t, req); res.StatusCode == http.StatusTooManyRequests {
		t.Fatalf("OPTIONS counted: %d", res.StatusCode)
	}
}

// The defaults leave the JSON API alone at human (and script) speeds and
// are on for readings.
func TestDefaultLimitsCoverAPIAndReadings(t *testing.T) {
	d := server.DefaultLimits()
	for name, r := range map[string]server.Rate{
		"chart": d.ChartAPIPerIP, "places": d.PlacesAPIPerIP, "reverse": d.ReverseAPIPerIP,
		"reading per IP": d.ReadingPerIP, "reading per user": d.ReadingPerUser,
	} {
		if r.Limit <= 0 || r.Window <= 0 {
			t.Fatalf("%s: no default limit: %+v", name, r)
		}
	}
	if d.ChartAPIPerIP.Limit < 300 || d.ChartAPIPerIP.Window != time.Minute {
		t.Fatalf("chart API limit too tight for a cheap API: %+v", d.ChartAPIPerIP)
	}
	app := testutil.StartApp(t, testutil.WithoutRedis())
	res := app.PostJSON(t, "/api/v1/chart", chartBody)
	if res.StatusCode != 200 || res.Header.Get("RateLimit-Limit") != strconv.Itoa(d.ChartAPIPerIP.Limit) {
		t.Fatalf("default chart API limit not applied: %d %v", res.StatusCode, res.Header)
	}
}

// POST /readings and POST /readings/:pid/messages share one budget per
// client IP, and a signed-in user has one too, whatever address they use.
func TestReadingRateLimits(t *testing.T) {
	limits := server.Limits{
		ReadingPerIP:   server.Rate{Limit: 2, Window: time.Minute},
		ReadingPerUser: server.Rate{Limit: 3, Window: time.Minute},
	}
	app := testutil.StartApp(t,
		testutil.WithEnv("TRUST_PROXY", "1", "AI_PROVIDER", "builtin"),
		testutil.WithServerOptions(server.WithLimits(limits)))
	t.Cleanup(app.Client.CloseIdleConnections)
	token := app.CSRFToken(t)

	// Bad input is answered by the handler (422) but still counted, so
	// nothing reaches the database or the AI provider once over the limit.
	post := func(path, ip string) *testutil.Response {
		t.Helper()
		v := url.Values{"_csrf": {token}, "topic": {"no-such-topic"}, "question": {""}}
		return app.PostForm(t, path, v, "X-Forwarded-For", ip)
	}
	guest := "198.51.100.7"
	if res := post("/readings", guest); res.StatusCode == http.StatusTooManyRequests || res.StatusCode == http.StatusForbidden {
		t.Fatalf("first reading: %d %.300s", res.StatusCode, res.Body)
	}
	if res := post("/readings/AAAAAAAAAAAAAAAAAAAAAA/messages", guest); res.StatusCode == http.StatusTooManyRequests {
		t.Fatalf("first question: %d", res.StatusCode)
	}
	for _, path := range []string{"/readings", "/readings/AAAAAAAAAAAAAAAAAAAAAA/messages"} {
		res := post(path, guest)
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || res.Header.Get("RateLimit-Limit") != "2" {
			t.Fatalf("%s over the per-IP limit: %d %v", path, res.StatusCode, res.Header)
		}
	}
	// The reading panel (htmx) gets the one-line notice it shows for its
	// own refusals, in the page's language, not a whole error page.
	res := app.PostForm(t, "/readings", url.Values{"_csrf": {token}, "topic": {"overall"}},
		"X-Forwarded-For", guest, "HX-Request", "true", "Accept-Language", "zh-CN")
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, `data-testid="reading-refused"`) || strings.Contains(res.Body, "<html") {
		t.Fatalf("htmx reading over the limit: %d %.300s", res.StatusCode, res.Body)
	}
	if !strings.Contains(res.Body, "分钟") {
		t.Fatalf("the notice is not in the page's language: %s", res.Body)
	}
	if res := post("/readings", "198.51.100.8"); res.StatusCode == http.StatusTooManyRequests {
		t.Fatalf("another address is its own guest: %d", res.StatusCode)
	}

	// Sign up (this browser is now signed in) and post from a new address each time.
	v := url.Values{"_csrf": {token}, "email": {testutil.UniqueEmail("limits")},
		"password": {"correct-horse-battery-9"}, "name": {"Limits"}}
	if res := app.PostForm(t, "/signup", v, "X-Forwarded-For", "203.0.113.250"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-up: %d %.300s", res.StatusCode, res.Body)
	}
	token = app.CSRFToken(t)
	for i := range 3 {
		if res := post("/readings", fmt.Sprintf("203.0.113.%d", i+1)); res.StatusCode == http.StatusTooManyRequests {
			t.Fatalf("user's reading %d: %d", i, res.StatusCode)
		}
	}
	res = post("/readings", "203.0.113.99")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("RateLimit-Limit") != "3" || res.Header.Get("Retry-After") == "" {
		t.Fatalf("user over the per-user limit from a fresh address: %d %v", res.StatusCode, res.Header)
	}
}

// rawExchange sends raw bytes on a new connection and reads one response.
func rawExchange(t *testing.T, app *testutil.App, raw string) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(app.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatalf("write: %v", err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func stillServing(t *testing.T, app *testutil.App) {
	t.Helper()
	if res := app.PostJSON(t, "/api/v1/chart", chartBody); res.StatusCode != 200 {
		t.Fatalf("the server stopped serving: %d %.200s", res.StatusCode, res.Body)
	}
}

// A body over BodyLimit (1 MiB) is refused from its Content-Length with a
// JSON 413, before it is read; a large body under the limit is read.
func TestRequestBodyLimit(t *testing.T) {
	app := testutil.StartApp(t)
	t.Cleanup(app.Client.CloseIdleConnections)

	res, body := rawExchange(t, app, "POST /api/v1/chart HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"+
		"Content-Length: "+strconv.Itoa(2<<20)+"\r\n\r\n"+strings.Repeat(" ", 4096))
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("2 MiB body: %d %s", res.StatusCode, body)
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || !strings.Contains(body, `"code":"request_entity_too_large"`) {
		t.Fatalf("413 is not the API's JSON error: %q %s", res.Header.Get("Content-Type"), body)
	}

	// The Go client sending the whole 2 MiB sees the same answer (or a reset
	// while it is still writing, which is the server refusing to read it).
	big := `{"date":"1988-02-15","tz":"UTC","gender":"male","place":"` + strings.Repeat("x", 2<<20) + `"}`
	req, _ := http.NewRequest(http.MethodPost, app.URL+"/api/v1/chart", strings.NewReader(big))
	req.Header.Set("Content-Type", "application/json")
	if r, err := app.Client.Do(req); err == nil {
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("2 MiB body via net/http: %d %.200s", r.StatusCode, b)
		}
	}

	// A chunked body has no length to refuse up front: it is cut off at
	// the limit, and the API client still gets its JSON error.
	chunk := strings.Repeat("x", 64<<10)
	var chunked strings.Builder
	chunked.WriteString("POST /api/v1/chart HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
	for range 20 {
		fmt.Fprintf(&chunked, "%x\r\n%s\r\n", len(chunk), chunk)
	}
	chunked.WriteString("0\r\n\r\n")
	res, body = rawExchange(t, app, chunked.String())
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
		!strings.Contains(body, `"code":"request_entity_too_large"`) {
		t.Fatalf("chunked 1.25 MiB body: %d %q %.200s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}

	// 900 KiB is under the limit: read and answered by the handler (400, not 413).
	under := `{"date":"1988-02-15","tz":"UTC","gender":"male","place":"` + strings.Repeat("x", 900<<10) + `"}`
	if r := app.PostJSON(t, "/api/v1/chart", under); r.StatusCode == http.StatusRequestEntityTooLarge || r.StatusCode >= 500 {
		t.Fatalf("900 KiB body: %d %.200s", r.StatusCode, r.Body)
	}
	stillServing(t, app)
}

// Request line and headers share ReadBufferSize (16 KiB): a 20 KiB URL or
// header is refused with 431, and the server keeps serving.
func TestRequestHeaderAndURLLimits(t *testing.T) {
	app := testutil.StartApp(t)
	t.Cleanup(app.Client.CloseIdleConnections)
	long := strings.Repeat("a", 20<<10)

	for name, raw := range map[string]string{
		"URL":    "GET /api/v1/places?q=" + long + " HTTP/1.1\r\nHost: x\r\n\r\n",
		"header": "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + long + "\r\n\r\n",
		"page":   "GET /chart?name=" + long + " HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n",
	} {
		res, body := rawExchange(t, app, raw)
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge && res.StatusCode != http.StatusRequestURITooLong {
			t.Fatalf("20 KiB %s: %d %.200s", name, res.StatusCode, body)
		}
		stillServing(t, app)
	}
	// Just under the limit still works.
	if res := app.Get(t, "/api/v1/places?limit=1&q=London&pad="+strings.Repeat("b", 12<<10)); res.StatusCode != 200 {
		t.Fatalf("12 KiB URL: %d %.200s", res.StatusCode, res.Body)
	}
}

// A client that sends its request too slowly is cut off after
// HTTP_READ_TIMEOUT, while a response that takes longer than that (a
// stream) is not: there is no write timeout.
func TestSlowClientTimeoutSparesStreams(t *testing.T) {
	const readTimeout = 500 * time.Millisecond
	const chunks = 10
	slow := testutil.WithRoutes(func(r fiber.Router) {
		r.Get("/test/slow-stream", handlers.Uncompressed, func(c *fiber.Ctx) error {
			c.Set(fiber.HeaderContentType, "text/plain; charset=utf-8")
			c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
				for i := range chunks {
					fmt.Fprintf(w, "chunk %d\n", i)
					if err := w.Flush(); err != nil {
						return
					}
					time.Sleep(2 * readTimeout / chunks)
				}
				fmt.Fprint(w, "end\n")
			})
			return nil
		})
	})
	app := testutil.StartApp(t, testutil.WithEnv("HTTP_READ_TIMEOUT", readTimeout.String()), slow)
	t.Cleanup(app.Client.CloseIdleConnections)

	// Nothing at all, or half a request line and then nothing: the server
	// must hang up after the read timeout (not the 90 s idle timeout).
	for _, sent := range []string{"", "GET /heal"} {
		slowClient(t, app, sent, readTimeout)
	}

	// A response lasting twice the read timeout arrives whole.
	start := time.Now()
	res := app.Get(t, "/test/slow-stream")
	elapsed := time.Since(start)
	var want strings.Builder
	for i := range chunks {
		fmt.Fprintf(&want, "chunk %d\n", i)
	}
	want.WriteString("end\n")
	if res.StatusCode != 200 || res.Body != want.String() {
		t.Fatalf("stream cut off after %s: %d %q", elapsed, res.StatusCode, res.Body)
	}
	if elapsed < 2*readTimeout*8/10 {
		t.Fatalf("the stream took %s, not longer than the read timeout: the test proves nothing", elapsed)
	}
	stillServing(t, app)
}

// slowClient opens a connection, sends sent and waits: the server must close
// it once readTimeout has passed, answering at most 408.
func slowClient(t *testing.T, app *testutil.App, sent string, readTimeout time.Duration) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(app.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := io.WriteString(conn, sent); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * readTimeout))
	got, err := io.ReadAll(conn) // returns at EOF: the server closed the connection
	elapsed := time.Since(start)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("sent %q: a slow client still holds its connection after %s", sent, elapsed)
	}
	if elapsed < readTimeout*8/10 {
		t.Fatalf("sent %q: closed after %s, before the read timeout %s (%v, %q)", sent, elapsed, readTimeout, err, got)
	}
	t.Logf("sent %q: closed after %s with %.60q", sent, elapsed, got)
	if len(got) > 0 && !strings.HasPrefix(string(got), "HTTP/1.1 408") {
		t.Fatalf("sent %q: answer to a slow client: %.200q", sent, got)
	}
}

func TestHTTPReadTimeoutConfig(t *testing.T) {
	load := func(v string) (config.Config, error) {
		return config.Load(func(k string) string {
			if k == "HTTP_READ_TIMEOUT" {
				return v
			}
			return ""
		})
	}
	if c, err := load(""); err != nil || c.HTTPReadTimeout != 15*time.Second {
		t.Fatalf("default: %s %v", c.HTTPReadTimeout, err)
	}
	if c, err := load("500ms"); err != nil || c.HTTPReadTimeout != 500*time.Millisecond {
		t.Fatalf("500ms: %s %v", c.HTTPReadTimeout, err)
	}
	for _, bad := range []string{"soon", "0", "-1s"} {
		if _, err := load(bad); err == nil || !strings.Contains(err.Error(), "HTTP_READ_TIMEOUT") {
			t.Fatalf("%q accepted: %v", bad, err)
		}
	}
}
