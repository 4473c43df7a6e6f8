package handlers_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// The transits and synastry pages on a phone: at 360 px, light and dark,
// in the three languages, nothing scrolls sideways and axe finds nothing
// serious; without JavaScript the next-day link and the date form work.
func TestBrowserAstroTransitsAndSynastry(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	transits := app.URL + "/astrology/transits?" + natalQuery + "&day=2026-12-06"
	synastry := app.URL + "/astrology/synastry?" + url.Values{"a": {natalQuery}, "b": {partnerAstroQuery}}.Encode()
	badSyn := app.URL + "/astrology/synastry?" + url.Values{"a": {natalQuery}, "b": {"date=1990-01-01&tz=Nowhere"}}.Encode()
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(transits))
	for _, theme := range []string{"light", "dark"} {
		testutil.EvalString(t, ctx, `localStorage.setItem("theme", "`+theme+`"), ""`)
		for _, lang := range uiLangs {
			for _, pg := range []struct{ name, url, sel string }{
				{"transits", transits, `[data-testid="astro-transits"]`},
				{"synastry", synastry, `[data-testid="syn-report"]`},
				{"synastry-error", badSyn, `[data-testid="error-b"]`},
			} {
				where := pg.name + " " + theme + " " + lang
				testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(pg.url+"&lang="+lang), chromedp.WaitVisible(chromedp.CSS(pg.sel)))
				testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
				if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
					t.Errorf("%s at 360 px:\n%s", where, p)
				}
				if vs := testutil.Axe(t, ctx); len(vs) > 0 {
					testutil.Screenshot(t, ctx, "astro-more-a11y-"+pg.name+"-"+theme+"-"+lang)
					t.Errorf("%s: %d serious or critical axe-core violations:\n%s", where, len(vs), testutil.AxeReport(vs))
				}
			}
		}
	}

	nojs := testutil.Browser(t)
	if _, err := chromedp.Call(nojs, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, nojs, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(transits+"&lang=en"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="transits-next"]`)))
	testutil.Step(t, nojs, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="transits-next"]`)))
	testutil.WaitEval(t, nojs, 10*time.Second, `location.search.includes("day=2026-12-07") && document.querySelector('[data-testid="transits-day"]').textContent.trim() === "2026-12-07"`)
	testutil.EvalString(t, nojs, `document.querySelector("#transits-day-input").value = "2027-01-15", ""`)
	testutil.Step(t, nojs, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="transits-go"]`)))
	testutil.WaitEval(t, nojs, 10*time.Second, `location.search.includes("day=2027-01-15") && document.querySelector('[data-testid="transits-day"]').textContent.trim() === "2027-01-15"`)
	if p := testutil.EvalString(t, nojs, overflowProblems); p != "" {
		t.Errorf("no JavaScript, 360 px:\n%s", p)
	}
}
