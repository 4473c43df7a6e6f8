package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// tarotCrossLaidOut checks the Celtic Cross's shape: card 2 across card 1
// (same centre, turned a quarter), 5 above and 3 below 1, 4 and 6 either
// side, the staff 7–10 to the right of the cross from the foot up, and
// every card on the screen with a face of a readable size.
const tarotCrossLaidOut = `(() => {
  const r = (n) => document.querySelector('.tarot-slot-' + n).getBoundingClientRect();
  const c = (b) => ({x: b.left + b.width / 2, y: b.top + b.height / 2});
  const out = [], vw = document.documentElement.clientWidth;
  const one = c(r(1)), two = c(r(2));
  if (Math.abs(one.x - two.x) > 2 || Math.abs(one.y - two.y) > 2) out.push('card 2 is not on card 1');
  if (!(r(2).width > r(2).height)) out.push('card 2 is not laid across');
  if (!(r(5).bottom <= r(1).top + 4 && r(3).top >= r(1).bottom - 4)) out.push('5 above and 3 below 1: no');
  if (!(r(4).right <= r(1).left + 1 && r(6).left >= r(1).right - 1)) out.push('4 and 6 beside 1: no');
  for (const n of [7, 8, 9, 10]) if (!(r(n).left >= r(6).right)) out.push('staff card ' + n + ' is not right of the cross');
  if (!(r(7).top > r(8).top && r(8).top > r(9).top && r(9).top > r(10).top)) out.push('the staff does not rise from 7 to 10');
  for (let n = 1; n <= 10; n++) {
    const b = r(n);
    if (b.left < 0 || b.right > vw) out.push('card ' + n + ' leaves the screen: ' + JSON.stringify(b));
    if (b.width < 40) out.push('card ' + n + ' is ' + Math.round(b.width) + 'px wide');
  }
  return out.join('; ');
})()`

// The cards have turned over: every animation on the page has finished.
const tarotTurned = `document.getAnimations().every(a => a.playState === 'finished')`

// A Celtic Cross drawn on a phone: the form at 360 px leads to the draw,
// which keeps its shape, fits the screen light and dark and passes axe;
// with JavaScript off the draw is still fully readable.
func TestBrowserTarotCelticCross(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(app.URL+"/tarot?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="tarot-form"]`)))
	if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
		t.Errorf("the form at 360 px:\n%s", p)
	}
	if vs := testutil.Axe(t, ctx); len(vs) > 0 {
		t.Errorf("the form: %d serious or critical axe-core violations:\n%s", len(vs), testutil.AxeReport(vs))
	}
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="spread-celtic-cross"]`)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-question"]`), "Where is this path leading?"),
		chromedp.Click(chromedp.CSS(`[data-testid="tarot-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="tarot-table"]`)))
	draw := testutil.EvalString(t, ctx, `location.pathname + location.search`)
	if !strings.HasPrefix(draw, "/tarot?spread=celtic-cross&cards=") || !strings.Contains(draw, "question=Where+is+this+path+leading%3F") {
		t.Fatalf("the draw's address %q", draw)
	}
	if n := testutil.EvalString(t, ctx, `getComputedStyle(document.querySelector('.tarot-flip')).animationName`); n != "tarot-turn" {
		t.Errorf("the cards do not turn over: animation %q", n)
	}
	for _, theme := range []string{"light", "dark"} {
		testutil.EvalString(t, ctx, `localStorage.setItem("theme", "`+theme+`"), ""`)
		for _, lang := range []string{"en", "zh-Hans"} {
			where := theme + " " + lang
			testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.URL+draw+"&lang="+lang), chromedp.WaitVisible(chromedp.CSS(`[data-testid="tarot-table"]`)))
			testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled+` && `+tarotTurned)
			if theme == "dark" && testutil.EvalString(t, ctx, `document.documentElement.classList.contains("dark") ? "" : "light"`) != "" {
				t.Errorf("%s: the page is not dark", where)
			}
			if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
				t.Errorf("%s: the draw at 360 px:\n%s", where, p)
			}
			if p := testutil.EvalString(t, ctx, tarotCrossLaidOut); p != "" {
				t.Errorf("%s: the Celtic Cross: %s", where, p)
			}
			if vs := testutil.Axe(t, ctx); len(vs) > 0 {
				testutil.Screenshot(t, ctx, "tarot-a11y-"+theme+"-"+lang)
				t.Errorf("%s: %d serious or critical axe-core violations:\n%s", where, len(vs), testutil.AxeReport(vs))
			}
			testutil.Screenshot(t, ctx, "tarot-phone-"+theme+"-"+lang)
		}
	}
	// With reduced motion asked for, nothing moves: the cards lie face up.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}); err != nil {
		t.Fatalf("emulate reduced motion: %v", err)
	}
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.URL+draw+"&lang=en"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="tarot-table"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
	if n := testutil.EvalString(t, ctx, `[...document.querySelectorAll('.tarot-flip')].map(e => getComputedStyle(e).animationName).filter(n => n !== 'none').join(' ')`); n != "" {
		t.Errorf("reduced motion: the cards still turn (%s)", n)
	}

	// A term (the spread's name) opens its explanation on the screen.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="tarot-title"] summary`)))
	testutil.WaitJS(t, ctx, 5*time.Second, `(() => { const r = document.querySelector('[data-testid="tarot-title"] .term-pop').getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= innerWidth; })()`)

	// Without JavaScript: the same draw, every card named and read in its
	// place, the faces shown.
	nojs := testutil.Browser(t)
	if _, err := chromedp.Call(nojs, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, nojs, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(app.URL+draw+"&lang=zh-Hant"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="tarot-cards"]`)))
	testutil.WaitEval(t, nojs, 10*time.Second, `document.readyState === 'complete' && document.getAnimations().every(a => a.playState === 'finished')`)
	readable := testutil.EvalString(t, nojs, `(() => {
	  const out = [], cards = document.querySelectorAll('[data-testid="tarot-card"]');
	  if (cards.length !== 10) out.push(cards.length + ' cards');
	  for (const c of cards) for (const part of ['tarot-position-name', 'tarot-card-name', 'tarot-meaning']) {
	    const el = c.querySelector('[data-testid="' + part + '"]');
	    if (!el || !el.innerText.trim() || !el.getClientRects().length) out.push(c.dataset.card + ': ' + part);
	  }
	  for (const s of document.querySelectorAll('[data-testid="tarot-slot"] svg')) if (s.getBoundingClientRect().width < 40) out.push('a face is hidden');
	  return out.join('; ');
	})()`)
	if readable != "" {
		t.Errorf("no JavaScript: %s", readable)
	}
	if p := testutil.EvalString(t, nojs, overflowProblems); p != "" {
		t.Errorf("no JavaScript, 360 px:\n%s", p)
	}
	if p := testutil.EvalString(t, nojs, tarotCrossLaidOut); p != "" {
		t.Errorf("no JavaScript: the Celtic Cross: %s", p)
	}
}
