package handlers_test

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// On a 360 px phone without JavaScript, the reverse lookup form is typed
// into and sent, its URL holds the lookup, a candidate's link opens its
// chart, and an impossible combination's rule opens on tap; nothing
// scrolls sideways and axe finds nothing serious, in the light and the
// dark theme.
func TestBrowserReverseLookupOnAPhone(t *testing.T) {
	app := startAPI(t)
	nojs := testutil.Browser(t)
	if _, err := chromedp.Call(nojs, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, nojs, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(app.URL+"/reverse?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="reverse-form"]`)))
	testutil.Step(t, nojs, 10*time.Second,
		chromedp.SendKeys(chromedp.CSS(`#rv-year`), "wu chen"),
		chromedp.SendKeys(chromedp.CSS(`#rv-month`), "甲寅"),
		chromedp.SendKeys(chromedp.CSS(`#rv-day`), "Xinchou"),
		chromedp.SendKeys(chromedp.CSS(`#rv-hour`), "戊子"),
		chromedp.Click(chromedp.CSS(`[data-testid="reverse-submit"]`)))
	testutil.WaitEval(t, nojs, 10*time.Second, `location.search.includes("year=wu+chen") && document.querySelectorAll('[data-testid="reverse-candidate"]').length > 0`)
	if p := testutil.EvalString(t, nojs, overflowProblems); p != "" {
		t.Errorf("candidates, 360 px:\n%s", p)
	}
	testutil.Screenshot(t, nojs, "reverse-phone-candidates")
	testutil.Step(t, nojs, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="reverse-chart-link"]`)))
	testutil.WaitEval(t, nojs, 10*time.Second, `location.pathname === "/chart" && document.querySelector('[data-testid="pillars"]') !== null`)

	testutil.Step(t, nojs, 20*time.Second, chromedp.Navigate(app.URL+"/reverse?year=甲子&month=甲寅&day=甲子&lang=zh-Hans"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="reverse-impossible"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="reverse-rule"] summary`)))
	testutil.WaitEval(t, nojs, 10*time.Second, `document.querySelector('[data-testid="reverse-rule"] details').open`)
	if p := testutil.EvalString(t, nojs, overflowProblems); p != "" {
		t.Errorf("explanation with its rule open, 360 px:\n%s", p)
	}
	testutil.Screenshot(t, nojs, "reverse-phone-impossible")

	// With JavaScript, in the dark theme too.
	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(app.URL+"/"))
	for _, theme := range []string{"light", "dark"} {
		testutil.EvalString(t, ctx, `localStorage.setItem("theme", "`+theme+`"), ""`)
		for _, path := range []string{"/reverse?lang=en", "/reverse?year=甲子&month=丙寅&day=甲子&hour=xx&from=1700&lang=zh-Hant", "/reverse?year=戊辰&month=甲寅&day=辛丑&lang=en"} {
			testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.URL+path), chromedp.WaitReady(chromedp.CSS(`main`)))
			testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
			if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
				t.Errorf("%s (%s) at 360 px:\n%s", path, theme, p)
			}
			if vs := testutil.Axe(t, ctx); len(vs) > 0 {
				t.Errorf("%s (%s): %d serious or critical axe-core violations:\n%s", path, theme, len(vs), testutil.AxeReport(vs))
			}
		}
	}
}
