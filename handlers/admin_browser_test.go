package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// An admin opens the dashboard in a browser: the overview with its
// sparkline, then the AI page, where "test provider" swaps the result in
// place (htmx), and each page fits a phone.
func TestBrowserAdminDashboard(t *testing.T) {
	a := startAdminApp(t)
	admin := a.user(t, a.adminEmail, true)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(a.SignInURL(admin.ID, "/admin?lang=en")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="admin-home"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="sparkline"]`)),
	)
	testutil.Screenshot(t, ctx, "admin-overview")

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="admin-nav-ai"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="admin-ai"]`)),
	)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!window.htmx`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("htmx not loaded: %v", err)
	}
	// Mark the page: a full reload instead of an in-place swap would lose it.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__stay = true`)); err != nil {
		t.Fatal(err)
	}
	testutil.Step(t, ctx, 30*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="test-builtin"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="test-result"][data-ok="true"]`)),
	)
	if stayed, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__stay === true`)); !stayed {
		t.Error("the provider test reloaded the page instead of swapping the result in")
	}
	testutil.Screenshot(t, ctx, "admin-ai")
	if n := len(auditEntries(t, a)); n != 1 {
		t.Errorf("%d audit entries after one provider test", n)
	}

	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(375, 800))
	for _, path := range []string{"/admin", "/admin/ai", "/admin/system"} {
		testutil.Step(t, ctx, 20*time.Second,
			chromedp.Navigate(a.URL+path),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="admin-page"]`)),
		)
		if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector('[data-testid="admin-page"]').scrollWidth`)); w > 375 {
			t.Errorf("%s is %d px wide at 375 px", path, w)
		}
	}
	testutil.Screenshot(t, ctx, "admin-system-phone")
	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}
