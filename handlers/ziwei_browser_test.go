package handlers_test

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// The board on a phone: at 360 px, light and dark, in the three languages,
// nothing scrolls sideways, the palaces are a list from 命宫, the page
// passes axe; choosing a palace with htmx swaps the board in place (the
// address follows) and highlights its 三方四正; a term opens its
// explanation; on a wide screen the palaces stand in the 4×4 ring.
func TestBrowserZiweiBoard(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	board := app.URL + "/ziwei?" + boardQuery + "&year=2027"
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(board))
	for _, theme := range []string{"light", "dark"} {
		testutil.EvalString(t, ctx, `localStorage.setItem("theme", "`+theme+`"), ""`)
		for _, lang := range uiLangs {
			where := theme + " " + lang
			testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(board+"&lang="+lang), chromedp.WaitVisible(chromedp.CSS(`[data-testid="ziwei-board"]`)))
			testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
			if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
				t.Errorf("%s: the board at 360 px:\n%s", where, p)
			}
			// A list on a phone: 命宫 (午) first, after the centre.
			if first := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="ziwei-palace"]').dataset.branch`); first != "午" {
				t.Errorf("%s: the phone list starts at %s", where, first)
			}
			if vs := testutil.Axe(t, ctx); len(vs) > 0 {
				testutil.Screenshot(t, ctx, "ziwei-a11y-"+theme+"-"+lang)
				t.Errorf("%s: %d serious or critical axe-core violations:\n%s", where, len(vs), testutil.AxeReport(vs))
			}
			testutil.Screenshot(t, ctx, "ziwei-phone-"+theme+"-"+lang)
		}
	}

	// Choose 午 with htmx: the board is swapped, not the page.
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(board+"&lang=en"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="ziwei-board"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
	testutil.EvalString(t, ctx, `window.__sameDocument = "yes", ""`)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-branch="午"] [data-testid="ziwei-palace-link"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `!!document.querySelector('[data-testid="ziwei-chosen"]') && location.search.includes("palace=4")`)
	if same := testutil.EvalString(t, ctx, `String(window.__sameDocument)`); same != "yes" {
		t.Error("choosing a palace reloaded the page instead of swapping the board")
	}
	if related := testutil.EvalString(t, ctx, `[...document.querySelectorAll('.zw-related')].map(e => e.dataset.branch).sort().join('')`); related != "子寅戌" {
		t.Errorf("三方四正 of 午 highlighted: %q", related)
	}
	// A term opens its explanation, on the screen.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-branch="午"] [data-star="ziweiMaj"] summary`)))
	testutil.WaitJS(t, ctx, 5*time.Second, `(() => { const r = document.querySelector('[data-branch="午"] [data-star="ziweiMaj"] .term-pop').getBoundingClientRect(); return r.width > 0 && r.right <= innerWidth && r.bottom <= innerHeight; })()`)
	// The year selector moves the overlay in place.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="ziwei-year"]:not([aria-current])`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `location.search.includes("year=") && !location.search.includes("year=2027") && document.querySelector('[data-testid="ziwei-year"][aria-current]')?.textContent.trim() !== "2027"`)

	// Wide: the twelve palaces around the centre.
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(1280, 1000), chromedp.Navigate(board+"&lang=zh-Hans"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="ziwei-board"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
	ring := testutil.EvalString(t, ctx, `(() => {
	  const at = (b) => document.querySelector('[data-branch="' + b + '"]').getBoundingClientRect();
	  const c = document.querySelector('[data-testid="ziwei-centre"]').getBoundingClientRect();
	  const ok = at("巳").top === at("申").top && at("寅").top === at("亥").top && at("巳").left === at("寅").left &&
	    at("申").left === at("亥").left && at("巳").top < c.top && at("寅").bottom > c.bottom && at("辰").right <= c.left && at("酉").left >= c.right;
	  return ok ? "ring" : JSON.stringify({si: at("巳"), shen: at("申"), yin: at("寅"), c});
	})()`)
	if ring != "ring" {
		t.Errorf("the wide board is not a ring around the centre: %s", ring)
	}
	testutil.Screenshot(t, ctx, "ziwei-wide")

	// Without JavaScript: a palace is a plain link, and the page it leads
	// to highlights the same.
	nojs := testutil.Browser(t)
	if _, err := chromedp.Call(nojs, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, nojs, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(board+"&lang=zh-Hant"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="ziwei-board"]`)))
	// No polling in this tab: chromedp's Poll waits on page timers, which
	// do not run with scripts disabled; the chosen palace's panel appears
	// only on the page the link leads to.
	testutil.Step(t, nojs, 20*time.Second, chromedp.Click(chromedp.CSS(`[data-branch="午"] [data-testid="ziwei-palace-link"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="ziwei-chosen"]`)))
	if got := testutil.EvalString(t, nojs, `location.search.includes("palace=4") + " " + document.querySelectorAll('.zw-related').length`); got != "true 3" {
		t.Errorf("no JavaScript, after choosing 午: %s", got)
	}
	if p := testutil.EvalString(t, nojs, overflowProblems); p != "" {
		t.Errorf("no JavaScript, 360 px:\n%s", p)
	}
}
