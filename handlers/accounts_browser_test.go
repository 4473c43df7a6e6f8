package handlers_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// In Chromium: sign up through the htmx form (a refused password is shown
// in place first), land on "check your inbox" signed in, sign out from the
// header, fail and then succeed to sign in.
func TestBrowserSignUpAndSignIn(t *testing.T) {
	app, relay := startAccounts(t)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	email, pass := testutil.UniqueEmail("chromium"), "paper lanterns along the canal"

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/signup?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="signup-form"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `!!window.htmx`)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-email"]`), email),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-password"]`), "password123"),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-name"]`), "Lin"),
		chromedp.Click(chromedp.CSS(`[data-testid="signup-form"] [data-testid="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="error-password"]`)),
	)
	if path := testutil.EvalString(t, ctx, `location.pathname`); path != "/signup" {
		t.Fatalf("a refused sign-up left the page: %s", path)
	}
	if got := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="field-email"]').value`); got != email {
		t.Fatalf("e-mail not kept after the error: %q", got)
	}
	testutil.Screenshot(t, ctx, "signup-error")
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-password"]`), pass),
		chromedp.Click(chromedp.CSS(`[data-testid="signup-form"] [data-testid="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="verify-status"]`)),
	)
	if who := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="nav-user"]').textContent.trim()`); who != "Lin" {
		t.Fatalf("after sign-up the header shows %q", who)
	}
	relay.WaitForMessage(t, email, mailWait)

	// Sign out from the header (a plain POST form).
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="nav-logout"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="nav-login"]`)),
	)

	// Sign in: a wrong password first, shown in place, then the right one.
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="nav-login"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="login-form"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `!!window.htmx`)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-email"]`), email),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-password"]`), "not my passphrase"),
		chromedp.Click(chromedp.CSS(`[data-testid="login-form"] [data-testid="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="error-form"]`)),
	)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-password"]`), pass),
		chromedp.Click(chromedp.CSS(`[data-testid="login-form"] [data-testid="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="nav-user"]`)),
	)
	if path := testutil.EvalString(t, ctx, `location.pathname`); path != "/" {
		t.Fatalf("after sign-in the browser is at %s", path)
	}
	testutil.Screenshot(t, ctx, "signed-in-home")

	// At phone width the header fits without overflowing.
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(375, 800))
	if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 375 {
		t.Errorf("signed-in page is %d px wide at 375 px", w)
	}
	testutil.Screenshot(t, ctx, "signed-in-phone")
	// There the account's links are in the header's menu.
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="menu-toggle"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="menu-logout"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `!!document.querySelector('[data-testid="menu-login"]') && !!document.querySelector('[data-testid="menu-signup"]')`)
	if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 375 {
		t.Errorf("guest page is %d px wide at 375 px", w)
	}
	testutil.Screenshot(t, ctx, "guest-phone")
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(1280, 900))
	// htmx gets 200 answers even for refused input, so nothing is logged.
	for _, p := range console.Problems() {
		t.Errorf("console: %s", p)
	}
}
