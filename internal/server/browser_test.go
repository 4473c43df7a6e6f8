package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// Smoke test in real Chromium: the home page renders under the strict CSP,
// htmx 2 is loaded, the theme toggle works, and the console stays clean.
func TestBrowserHomeSmoke(t *testing.T) {
	app := testutil.StartApp(t)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/?lang=zh-Hans"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="home-hero"]`)),
	)
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil || h1 != "你的八字命盘，精确到分钟" {
		t.Fatalf("h1 = %q, %v", h1, err)
	}
	version, err := chromedp.Run(ctx, chromedp.Poll[string](`window.htmx && htmx.version`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil || !strings.HasPrefix(version, "2.0.") {
		t.Fatalf("htmx version = %q, %v", version, err)
	}

	// The toggle is shown only when the script runs, and flips the theme.
	before, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.classList.contains("dark")`))
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-theme-toggle]`)))
	after, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.classList.contains("dark")`))
	if before == after {
		t.Fatal("theme toggle did nothing")
	}
	testutil.Screenshot(t, ctx, "home-desktop")

	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}
