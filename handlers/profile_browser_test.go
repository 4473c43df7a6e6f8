package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// The profile in a browser: the birthplace typeahead works as on the birth
// form, saving shows the notice, and the page fits a phone.
func TestBrowserProfileDefaultBirthplace(t *testing.T) {
	app := testutil.StartApp(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("browser"), Password: "a browser test passphrase", Verified: true})
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.SignInURL(u.ID, "/profile?lang=en")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="profile-form"]`)),
	)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!window.htmx`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("htmx not loaded: %v", err)
	}
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-place"]`), "hangzh"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="place-option"][data-tz="Asia/Shanghai"]`)),
	)
	testutil.Screenshot(t, ctx, "profile-place-suggestions")
	testutil.Step(t, ctx, 10*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="place-option"][data-tz="Asia/Shanghai"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`[data-testid="place-option"]`)),
	)
	place, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[data-testid="field-place"]`)))
	if place != "Hangzhou" {
		t.Fatalf("picked place %q", place)
	}
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="field-zi_rule-split"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="profile-save"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="profile-notice"]`)),
	)
	if got := profReload(t, app, u.ID); got.DefaultPlace != "Hangzhou" || got.DefaultZiRule != "split" {
		t.Fatalf("saved place %q, zi rule %q", got.DefaultPlace, got.DefaultZiRule)
	}
	testutil.Screenshot(t, ctx, "profile-desktop")
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(375, 800))
	// The page's own content fits (the site header is the layout's business).
	if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector('[data-testid="profile-page"]').scrollWidth`)); w > 375 {
		t.Errorf("profile is %d px wide at 375 px", w)
	}
	if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector('[data-testid="site-header"]').scrollWidth`)); w > 375 {
		t.Errorf("the site header is %d px wide at 375 px", w)
	}
	testutil.Screenshot(t, ctx, "profile-phone")
	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}
