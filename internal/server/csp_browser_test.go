package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

const chartPagePath = "/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&name=CSP"

// cspPages are the pages people land on; each must work under the CSP.
var cspPages = []struct{ path, ready string }{
	{"/", `[data-testid="home-hero"]`},
	{"/chart/new", `form`},
	{chartPagePath, `main`},
	{"/login", `form`},
	{"/signup", `form`},
}

// cspDirectives splits a policy into directive → sources.
func cspDirectives(policy string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(policy, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			out[strings.ToLower(f[0])] = f[1:]
		}
	}
	return out
}

// checkSecurityHeaders: the CSP allows no inline or eval'd script and no
// framing; nosniff and a referrer policy are always sent; HSTS only when
// production says so.
func checkSecurityHeaders(t *testing.T, path string, h http.Header, production bool) {
	t.Helper()
	d := cspDirectives(h.Get("Content-Security-Policy"))
	script, ok := d["script-src"]
	if !ok {
		script = d["default-src"]
	}
	if len(script) == 0 {
		t.Fatalf("%s: no script-src in CSP %q", path, h.Get("Content-Security-Policy"))
	}
	for _, src := range script {
		switch strings.ToLower(src) {
		case "'unsafe-inline'", "'unsafe-eval'", "*", "data:", "https:", "http:":
			t.Fatalf("%s: script-src allows %s: %q", path, src, h.Get("Content-Security-Policy"))
		}
	}
	if fa := d["frame-ancestors"]; len(fa) != 1 || fa[0] != "'none'" {
		t.Fatalf("%s: frame-ancestors %v", path, fa)
	}
	if obj := d["object-src"]; len(obj) != 1 || obj[0] != "'none'" {
		t.Fatalf("%s: object-src %v", path, obj)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("%s: X-Content-Type-Options %q", path, h.Get("X-Content-Type-Options"))
	}
	if rp := h.Get("Referrer-Policy"); rp != "strict-origin-when-cross-origin" && rp != "no-referrer" && rp != "same-origin" && rp != "strict-origin" {
		t.Fatalf("%s: Referrer-Policy %q", path, rp)
	}
	hsts := h.Get("Strict-Transport-Security")
	if production && !strings.Contains(hsts, "max-age=") {
		t.Fatalf("%s: no HSTS in production", path)
	}
	if !production && hsts != "" {
		t.Fatalf("%s: HSTS outside production: %q", path, hsts)
	}
}

// The landing pages, the chart page and the account forms send the
// security headers, in development (no HSTS) and production (HSTS).
func TestSecurityHeadersOnPages(t *testing.T) {
	dev := testutil.StartApp(t)
	prod := testutil.StartApp(t, testutil.WithEnv(
		"APP_ENV", "production", "SESSION_TOKEN_SECRET", strings.Repeat("p", 40),
		"FRONTEND_URL", "http://localhost:3000", "BACKEND_BASE_URL", "http://localhost:3000", "ALLOW_LOCALHOST_PROD", "true",
		"TRUST_PROXY", "0", "ADMIN_EMAILS", "a@example.com"))
	for _, app := range []*testutil.App{dev, prod} {
		t.Cleanup(app.Client.CloseIdleConnections)
		production := app == prod
		for _, p := range cspPages {
			res := app.Get(t, p.path)
			if res.StatusCode != 200 {
				t.Fatalf("%s: %d", p.path, res.StatusCode)
			}
			checkSecurityHeaders(t, p.path, res.Header, production)
		}
		// Error pages and the JSON API carry them too.
		for _, path := range []string{"/no/such/page", "/api/v1/nothing"} {
			checkSecurityHeaders(t, path, app.Get(t, path).Header, production)
		}
	}
}

// In real Chromium with the CSP enforced, none of the pages produces a
// console error or warning (CSP violations are reported there). A page
// with an inline script proves the watch sees violations at all.
func TestBrowserPagesUnderCSP(t *testing.T) {
	probe := testutil.WithRoutes(func(r fiber.Router) {
		r.Get("/test/inline-script", func(c *fiber.Ctx) error {
			c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
			return c.SendString(`<!doctype html><html><head><title>x</title></head><body><p id="p">inline</p><script>document.title="ran"</script></body></html>`)
		})
	})
	app := testutil.StartApp(t, probe)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)

	for _, p := range cspPages {
		testutil.Step(t, ctx, 20*time.Second,
			chromedp.Navigate(app.URL+p.path),
			chromedp.WaitVisible(chromedp.CSS(p.ready)),
		)
		// Scripts are loaded and ran (htmx and app.js from 'self').
		version, err := chromedp.Run(ctx, chromedp.Poll[string](`window.htmx && htmx.version`, chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil || !strings.HasPrefix(version, "2.") {
			t.Fatalf("%s: htmx not running under the CSP: %q %v", p.path, version, err)
		}
		// Let late work (htmx swaps, images, fonts) finish and report its
		// violations, and collect what the console has said by then.
		testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
		console.Sync(t, ctx)
		if probs := console.Problems(); len(probs) > 0 {
			t.Fatalf("%s: console problems under the CSP:\n%s", p.path, strings.Join(probs, "\n"))
		}
	}

	// The control: an inline script is blocked and reported.
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/test/inline-script"),
		chromedp.WaitVisible(chromedp.CSS("#p")),
	)
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil || title == "ran" {
		t.Fatalf("the inline script ran: %q %v", title, err)
	}
	testutil.Eventually(t, 5*time.Second, func() error {
		for _, p := range console.Problems() {
			if strings.Contains(p, "Content Security Policy") {
				return nil
			}
		}
		return testutil.Errorf("the blocked inline script was not reported: %q", console.Problems())
	})
}
