package handlers_test

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// wheelFits checks that the wheel is drawn and no wider than the screen.
const wheelFits = `(() => {
  const w = document.querySelector('[data-testid="astro-wheel"]').getBoundingClientRect();
  return w.width > 200 && w.height > 200 && w.left >= 0 && w.right <= document.documentElement.clientWidth ? "" : JSON.stringify(w);
})()`

// The natal chart on a phone: at 360 px, light and dark, in the three
// languages, nothing scrolls sideways, the wheel is visible and fits the
// screen, the page passes axe; a term opens its explanation; on a wide
// screen the tables stand beside the wheel; without JavaScript the house
// systems are plain links.
func TestBrowserAstroPage(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	page := app.URL + "/astrology?" + astroQuery
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(page))
	for _, theme := range []string{"light", "dark"} {
		testutil.EvalString(t, ctx, `localStorage.setItem("theme", "`+theme+`"), ""`)
		for _, lang := range uiLangs {
			where := theme + " " + lang
			testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(page+"&lang="+lang), chromedp.WaitVisible(chromedp.CSS(`[data-testid="astro-wheel"]`)))
			testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
			if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
				t.Errorf("%s: the page at 360 px:\n%s", where, p)
			}
			if p := testutil.EvalString(t, ctx, wheelFits); p != "" {
				t.Errorf("%s: the wheel at 360 px: %s", where, p)
			}
			if vs := testutil.Axe(t, ctx); len(vs) > 0 {
				testutil.Screenshot(t, ctx, "astro-a11y-"+theme+"-"+lang)
				t.Errorf("%s: %d serious or critical axe-core violations:\n%s", where, len(vs), testutil.AxeReport(vs))
			}
			testutil.Screenshot(t, ctx, "astro-phone-"+theme+"-"+lang)
		}
	}
	// A term opens its explanation, on the screen.
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(page+"&lang=en"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="astro-wheel"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-body="sun"] summary`)))
	testutil.WaitJS(t, ctx, 5*time.Second, `(() => { const r = document.querySelector('[data-body="sun"] .term-pop').getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= innerWidth; })()`)

	// Wide: the positions beside the wheel.
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(1280, 1000), chromedp.Navigate(page+"&lang=zh-Hans"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="astro-wheel"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
	beside := testutil.EvalString(t, ctx, `(() => {
	  const w = document.querySelector('[data-testid="astro-wheel-section"]').getBoundingClientRect();
	  const t = document.querySelector('[data-testid="astro-positions"]').getBoundingClientRect();
	  return t.left >= w.right && t.top < w.bottom ? "beside" : JSON.stringify({w, t});
	})()`)
	if beside != "beside" {
		t.Errorf("on a wide screen the positions are not beside the wheel: %s", beside)
	}
	if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
		t.Errorf("wide:\n%s", p)
	}
	testutil.Screenshot(t, ctx, "astro-wide")

	// Without JavaScript: the house systems are plain links.
	nojs := testutil.Browser(t)
	if _, err := chromedp.Call(nojs, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, nojs, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(page+"&lang=zh-Hant"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="astro-wheel"]`)))
	if p := testutil.EvalString(t, nojs, wheelFits); p != "" {
		t.Errorf("no JavaScript: the wheel: %s", p)
	}
	testutil.Step(t, nojs, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="astro-house-link"][data-system="equal"]`)))
	testutil.WaitEval(t, nojs, 10*time.Second, `location.search.includes("house_system=equal") && document.querySelector('[data-testid="astro-house-link"][aria-current]')?.dataset.system === "equal"`)
	if p := testutil.EvalString(t, nojs, overflowProblems); p != "" {
		t.Errorf("no JavaScript, 360 px:\n%s", p)
	}
}
