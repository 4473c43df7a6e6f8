package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// The I Ching on a phone: at 360 px, light and dark, in the three
// languages, the cast page does not scroll sideways and passes axe; the
// cast's lines are all drawn once the animation ends; without JavaScript
// the form casts and the cast page is readable.
func TestBrowserIChing(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	page := app.URL + "/iching?lines=969786&method=lines&question=" + "Where+next%3F"
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(page))
	for _, theme := range []string{"light", "dark"} {
		testutil.EvalString(t, ctx, `localStorage.setItem("theme", "`+theme+`"), ""`)
		for _, lang := range uiLangs {
			where := theme + " " + lang
			testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(page+"&lang="+lang), chromedp.WaitVisible(chromedp.CSS(`[data-testid="iching-guide"]`)))
			testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
			// Every line is drawn (opaque) once the animation has run.
			testutil.WaitJS(t, ctx, 10*time.Second, `[...document.querySelectorAll('[data-testid="iching-line"]')].every(l => getComputedStyle(l).opacity === "1")`)
			if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
				t.Errorf("%s: the cast at 360 px:\n%s", where, p)
			}
			if vs := testutil.Axe(t, ctx); len(vs) > 0 {
				testutil.Screenshot(t, ctx, "iching-a11y-"+theme+"-"+lang)
				t.Errorf("%s: %d serious or critical axe-core violations:\n%s", where, len(vs), testutil.AxeReport(vs))
			}
			testutil.Screenshot(t, ctx, "iching-phone-"+theme+"-"+lang)
		}
	}
	// The form at 360 px.
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.URL+"/iching?lang=en"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="iching-form"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
	if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
		t.Errorf("the form at 360 px:\n%s", p)
	}
	if vs := testutil.Axe(t, ctx); len(vs) > 0 {
		t.Errorf("form: %d serious or critical axe-core violations:\n%s", len(vs), testutil.AxeReport(vs))
	}

	// Without JavaScript: choose numbers, cast, read the cast.
	nojs := testutil.Browser(t)
	if _, err := chromedp.Call(nojs, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, nojs, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(app.URL+"/iching?lang=zh-Hans"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="iching-form"]`)))
	testutil.Step(t, nojs, 10*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="method-numbers"] input`)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="iching-n1"]`), "5"),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="iching-n2"]`), "3"),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="iching-n3"]`), "7"),
		chromedp.Click(chromedp.CSS(`[data-testid="iching-cast"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="iching-guide"]`)))
	// 5, 3, 7: 风火家人 (37), third line moving.
	if got := testutil.EvalString(t, nojs, `document.querySelector('[data-testid="iching-title"]').textContent`); !strings.Contains(got, "37") || !strings.Contains(got, "家人") {
		t.Errorf("no-JS cast title %q", got)
	}
	if p := testutil.EvalString(t, nojs, overflowProblems); p != "" {
		t.Errorf("no JavaScript: the cast at 360 px:\n%s", p)
	}
	testutil.Screenshot(t, nojs, "iching-nojs")
}
