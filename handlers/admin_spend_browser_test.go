package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// On a 360 px phone the spend table, the opened price table and the rate
// limits stay inside the screen, in every language, and the token
// explanation opens with a tap and no script of ours.
func TestBrowserAdminSpendFitsAPhone(t *testing.T) {
	a := startAdminApp(t, testutil.WithEnv("AI_PRICES", "a-very-long-self-hosted-model-name-for-testing/qwen3-235b-a22b-instruct=0.5/1.5"))
	seedSpend(t, a)
	admin := a.user(t, a.adminEmail, true)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.EmulateViewport(360, 780),
		chromedp.Navigate(a.SignInURL(admin.ID, "/admin/ai?lang=en")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="spend-by-model"]`)),
	)
	for _, lang := range uiLangs {
		for _, path := range []string{"/admin/ai", "/admin/system"} {
			testutil.Step(t, ctx, 20*time.Second,
				chromedp.Navigate(a.URL+path+"?lang="+lang),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="admin-page"]`)),
			)
			if path == "/admin/ai" {
				testutil.Step(t, ctx, 10*time.Second,
					chromedp.Click(chromedp.CSS(`[data-testid="price-table"] summary`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="price-table"] tr[data-model="gpt-4o-mini"]`)),
					chromedp.Click(chromedp.CSS(`[data-testid="admin-spend"] details.term summary`)),
					chromedp.WaitVisible(chromedp.CSS(`[data-testid="admin-spend"] .term-pop`)),
				)
			}
			if lang == "en" && path == "/admin/ai" {
				testutil.Screenshot(t, ctx, "admin-spend-ai-phone")
			}
			if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
				t.Errorf("%s %s is %d px wide at 360 px", lang, path, w)
			}
		}
	}
	testutil.Screenshot(t, ctx, "admin-spend-phone")
	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}
