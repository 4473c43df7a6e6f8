package handlers_test

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// The overview on a phone: at 360 px, light and dark, in the three
// languages, nothing scrolls sideways, the three parts stack and the page
// passes axe; on a wide screen the three stand side by side; without
// JavaScript the links lead to each system's page.
func TestBrowserOverviewPage(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	page := app.URL + "/overview?" + overviewQuery
	ready := chromedp.WaitVisible(chromedp.CSS(`[data-testid="overview-agreement"]`))
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(page))
	for _, theme := range []string{"light", "dark"} {
		testutil.EvalString(t, ctx, `localStorage.setItem("theme", "`+theme+`"), ""`)
		for _, lang := range uiLangs {
			where := theme + " " + lang
			testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(page+"&lang="+lang), ready)
			testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
			if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
				t.Errorf("%s: the page at 360 px:\n%s", where, p)
			}
			stacked := testutil.EvalString(t, ctx, `(() => {
			  const [a, b, c] = ["bazi", "ziwei", "astro"].map(k => document.querySelector('[data-testid="overview-' + k + '"]').getBoundingClientRect());
			  return a.bottom <= b.top && b.bottom <= c.top ? "" : JSON.stringify({a, b, c});
			})()`)
			if stacked != "" {
				t.Errorf("%s: the three parts do not stack on a phone: %s", where, stacked)
			}
			if vs := testutil.Axe(t, ctx); len(vs) > 0 {
				testutil.Screenshot(t, ctx, "overview-a11y-"+theme+"-"+lang)
				t.Errorf("%s: %d serious or critical axe-core violations:\n%s", where, len(vs), testutil.AxeReport(vs))
			}
			testutil.Screenshot(t, ctx, "overview-phone-"+theme+"-"+lang)
		}
	}

	// Wide: side by side.
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(1280, 1000), chromedp.Navigate(page+"&lang=en"), ready)
	testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
	beside := testutil.EvalString(t, ctx, `(() => {
	  const [a, b, c] = ["bazi", "ziwei", "astro"].map(k => document.querySelector('[data-testid="overview-' + k + '"]').getBoundingClientRect());
	  return a.right <= b.left && b.right <= c.left && Math.abs(a.top - c.top) < 2 ? "beside" : JSON.stringify({a, b, c});
	})()`)
	if beside != "beside" {
		t.Errorf("on a wide screen the three parts are not side by side: %s", beside)
	}
	testutil.Screenshot(t, ctx, "overview-wide")

	// Without JavaScript: the page reads whole and its links work.
	nojs := testutil.Browser(t)
	if _, err := chromedp.Call(nojs, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, nojs, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(page+"&lang=zh-Hant"), ready)
	if p := testutil.EvalString(t, nojs, overflowProblems); p != "" {
		t.Errorf("no JavaScript, 360 px:\n%s", p)
	}
	testutil.Step(t, nojs, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="overview-ziwei-link"]`)))
	testutil.WaitEval(t, nojs, 10*time.Second, `location.pathname === "/ziwei" && !!document.querySelector('[data-testid="ziwei-overview-link"]')`)
}
