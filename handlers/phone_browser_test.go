package handlers_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// phoneChartQuery is a chart whose 大运 timeline has a current pillar at
// the test clock, with its years and a year's months open.
const phoneChartQuery = "date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&place=Beijing"

// overflowProblems is a JavaScript expression: what sticks out sideways on
// the page, one line each, or "". Nothing may make the page scroll
// sideways, no element in <main> may be wider than the screen, and no box
// in <main> may hide content behind a sideways scroll, except the 大运
// strip, which is meant to scroll.
const overflowProblems = `(() => {
  const de = document.documentElement, vw = de.clientWidth, out = [];
  const name = (el) => el.tagName.toLowerCase() + (el.getAttribute('data-testid') ? '[' + el.getAttribute('data-testid') + ']' : '') + (el.className && el.className.baseVal === undefined ? '.' + String(el.className).trim().split(/\s+/).slice(0, 4).join('.') : '');
  if (de.scrollWidth > vw) out.push('the page is ' + de.scrollWidth + 'px wide on a ' + vw + 'px screen');
  for (const el of document.querySelectorAll('main *')) {
    const r = el.getBoundingClientRect();
    if (r.width > vw + 0.5) out.push(name(el) + ' is ' + Math.round(r.width) + 'px wide');
    const ox = getComputedStyle(el).overflowX;
    if ((ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1 && !el.closest('[data-testid="luck-pillars"]')) {
      out.push(name(el) + ' scrolls sideways: ' + el.scrollWidth + 'px in ' + el.clientWidth + 'px');
    }
  }
  return out.slice(0, 8).join('\n');
})()`

// splitWords is a JavaScript expression: the words of the pillar grid
// that break across two lines ("Concepti/on"), or "". A closed term's
// explanation is not shown, so its words do not count.
const splitWords = `(() => {
  const grid = document.querySelector('[data-testid="pillars"]'), out = [];
  const walk = document.createTreeWalker(grid, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.parentElement.getClientRects().length) continue;
    // A closed term's explanation is not shown: only its summary is.
    const closed = n.parentElement.closest('details:not([open])');
    if (closed && !closed.querySelector(':scope > summary').contains(n)) continue;
    for (const m of n.textContent.matchAll(/[A-Za-z\u00C0-\u024F]{2,}/g)) {
      const r = document.createRange();
      r.setStart(n, m.index);
      r.setEnd(n, m.index + m[0].length);
      const tops = new Set(Array.from(r.getClientRects()).map((q) => Math.round(q.top)));
      if (tops.size > 1) out.push(m[0]);
    }
  }
  return out.join(', ');
})()`

// No page a user reaches scrolls sideways on a 360 px phone, in the light
// or the dark theme, and the four pillars with their ten gods and hidden
// stems fit one 740 px screen. Screenshots go to test-artifacts/.
func TestBrowserPhoneNoOverflow(t *testing.T) {
	app := startReadingApp(t, nil)
	u, user := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("phone"), Verified: true, Name: "Phone Tester"})
	saved := saveChart(t, user, nil)
	res := postReading(t, user, testutil.UniqueIP(), "career")
	stream := user.OpenStream(t, testutil.StreamPath(t, res))
	stream.All(t)
	stream.Close()
	pid := testutil.ReadingID(testutil.StreamPath(t, res))

	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(360, 740))

	chart := "/chart?" + phoneChartQuery
	guestPages := []string{
		"/?lang=en",
		"/?lang=zh-Hans",
		"/chart/new?lang=en",
		chart + "&lang=en",
		chart + "&lang=zh-Hans",
		chart + "&lang=zh-Hant&luck=3&year=2025#liuyue",
		chart + "&lang=en&luck=3&year=2025#liuyue",
		"/compatibility?lang=en",
		"/daily?lang=en",
		"/daily?lang=zh-Hans",
		"/calendar?lang=en",
		"/calendar?lang=zh-Hans",
		"/login?lang=en",
		"/signup?lang=en",
	}
	userPages := []string{
		"/charts/" + strconv.FormatInt(saved, 10) + "?lang=en",
		"/charts/" + strconv.FormatInt(saved, 10) + "?lang=zh-Hans",
		"/readings/" + pid + "?lang=en",
		"/history?lang=en",
		"/history?lang=zh-Hans",
		"/profile?lang=en",
	}
	visit := func(path, theme string) {
		t.Helper()
		testutil.Step(t, ctx, 30*time.Second, chromedp.Navigate(app.URL+path), chromedp.WaitReady(chromedp.CSS(`main`)))
		testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
		if got := testutil.EvalString(t, ctx, `document.documentElement.classList.contains("dark") ? "dark" : "light"`); got != theme {
			t.Fatalf("%s: %s theme, want %s", path, got, theme)
		}
		if p := testutil.EvalString(t, ctx, overflowProblems); p != "" {
			t.Errorf("%s (%s) at 360 px:\n%s", path, theme, p)
		}
		testutil.Screenshot(t, ctx, "phone-"+theme+"-"+shotName(path))
	}
	setTheme := func(theme string) {
		testutil.EvalString(t, ctx, `localStorage.setItem("theme", "`+theme+`"), ""`)
	}
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.URL+"/"))
	for _, theme := range []string{"light", "dark"} {
		setTheme(theme)
		for _, path := range guestPages {
			visit(path, theme)
		}
	}

	// The four pillars, ten gods and hidden stems included, on one screen.
	for _, lang := range []string{"en", "zh-Hans"} {
		testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.URL+chart+"&lang="+lang), chromedp.WaitReady(chromedp.CSS(`[data-testid="pillars"]`)))
		testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
		h := testutil.EvalString(t, ctx, `String(Math.ceil(document.querySelector('[data-testid="pillars"]').getBoundingClientRect().height))`)
		if n, _ := strconv.Atoi(h); n == 0 || n > 740 {
			rows := testutil.EvalString(t, ctx, `Array.from(document.querySelectorAll('[data-testid="pillars"] tr')).map(r => Math.round(r.getBoundingClientRect().height)).join(' ')`)
			t.Errorf("%s: the pillar grid is %s px tall on a 360×740 phone (rows %s), want it on one screen", lang, h, rows)
		}
		if w := testutil.EvalString(t, ctx, splitWords); w != "" {
			t.Errorf("%s: words of the pillar grid break across lines on a phone: %s", lang, w)
		}
	}

	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(app.SignInURL(u.ID, "/?lang=en")), chromedp.WaitReady(chromedp.CSS(`main`)))
	for _, theme := range []string{"light", "dark"} {
		setTheme(theme)
		for _, path := range userPages {
			visit(path, theme)
		}
	}
}

// shotName makes a page's path a file name.
func shotName(path string) string {
	path = strings.TrimPrefix(path, "/")
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		q := path[i:]
		path = path[:i]
		for _, k := range []string{"lang=", "year="} {
			if j := strings.Index(q, k); j >= 0 {
				v := q[j+len(k):]
				if e := strings.IndexAny(v, "&#"); e >= 0 {
					v = v[:e]
				}
				path += "-" + v
			}
		}
	}
	if path == "" || strings.HasPrefix(path, "-") {
		path = "home" + path
	}
	return strings.NewReplacer("/", "-").Replace(path)
}

// The luck timeline: on a phone the current 大运 is in view; the chosen
// one and the current one look different; drilling into a 大运 and a year
// puts them in the address (Back undoes them, the address opens them);
// 流年 and 流月 pillars are coloured by element.
func TestBrowserLuckTimelineState(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(360, 740))
	start := app.URL + "/chart?" + phoneChartQuery + "&lang=en"
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(start), chromedp.WaitReady(chromedp.CSS(`[data-testid="luck-pillars"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `!!window.htmx && `+testutil.PageSettled)

	current := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="luck-pillar"][aria-current]').dataset.index`)
	inStrip := func(sel string) string {
		return `(() => { const s = document.querySelector('[data-testid="luck-pillars"]').getBoundingClientRect(), r = document.querySelector('` + sel + `').getBoundingClientRect(); return r.left >= s.left - 1 && r.right <= s.right + 1; })()`
	}
	testutil.WaitJS(t, ctx, 5*time.Second, inStrip(`[data-testid="luck-pillar"][aria-current]`))
	if got := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="luck-pillar"][data-selected]').dataset.index`); got != current {
		t.Fatalf("without a choice the selected 大运 is %s, want the current %s", got, current)
	}
	testutil.Screenshot(t, ctx, "luck-phone-current")

	// Choose another 大运: its years open in place, the address says so.
	other := "1"
	if current == "1" {
		other = "2"
	}
	item := `[data-testid="luck-pillar"][data-index="` + other + `"]`
	testutil.Step(t, ctx, 10*time.Second, chromedp.ScrollIntoView(chromedp.CSS(item)), chromedp.Click(chromedp.CSS(item)))
	testutil.WaitJS(t, ctx, 10*time.Second, `!!document.querySelector('[data-testid="liunian"][data-luck="`+other+`"]') && !!document.querySelector('`+item+`[data-selected]') && `+testutil.PageSettled)
	if got := testutil.EvalString(t, ctx, `new URL(location.href).searchParams.get("luck") || ""`); got != other {
		t.Fatalf("after choosing 大运 %s the address has luck=%q (%s)", other, got, testutil.EvalString(t, ctx, `location.href`))
	}
	testutil.WaitJS(t, ctx, 5*time.Second, inStrip(item+`[data-selected]`))
	// Selected and current differ to the eye: frame and ground.
	look := func(sel string) string {
		return testutil.EvalString(t, ctx, `(() => { const s = getComputedStyle(document.querySelector('`+sel+`')); return s.borderTopColor + " / " + s.backgroundColor; })()`)
	}
	sel, cur := look(item), look(`[data-testid="luck-pillar"][aria-current]`)
	if sel == cur {
		t.Fatalf("the selected and the current 大运 look the same: %s", sel)
	}
	if n := testutil.EvalString(t, ctx, `String(document.querySelectorAll('[data-testid="luck-pillar"][data-selected]').length)`); n != "1" {
		t.Fatalf("%s 大运 marked selected", n)
	}
	testutil.Screenshot(t, ctx, "luck-phone-selected")

	// 流年 pillars are element-coloured: each character in a colour of its own element.
	coloured := func(sel string) string {
		return `Array.from(document.querySelectorAll('` + sel + `')).every(c => c.querySelectorAll('span[class*="text-wood"],span[class*="text-fire"],span[class*="text-earth"],span[class*="text-metal"],span[class*="text-water"]').length === 2)`
	}
	if got := testutil.EvalString(t, ctx, `String(`+coloured(`[data-testid="liunian-year"] td:nth-child(3)`)+`)`); got != "true" {
		t.Fatal("流年 pillars are not coloured by element")
	}

	// A year's months: in place, in the address, coloured.
	year := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="liunian-year"]').dataset.year`)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="liunian-year"][data-year="`+year+`"] [data-testid="open-liuyue"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelectorAll('[data-testid="liuyue-month"]').length === 12 && `+testutil.PageSettled)
	if got := testutil.EvalString(t, ctx, `(u => u.searchParams.get("luck") + "/" + u.searchParams.get("year"))(new URL(location.href))`); got != other+"/"+year {
		t.Fatalf("after opening %s's months the address has luck/year %s", year, got)
	}
	if got := testutil.EvalString(t, ctx, `String(`+coloured(`[data-testid="liuyue-month"] > span:first-child`)+`)`); got != "true" {
		t.Fatal("流月 pillars are not coloured by element")
	}
	shared := testutil.EvalString(t, ctx, `location.href`)

	// Back undoes the year, then the 大运.
	testutil.EvalString(t, ctx, `history.back(), ""`)
	testutil.WaitJS(t, ctx, 10*time.Second, `!new URL(location.href).searchParams.has("year") && new URL(location.href).searchParams.get("luck") === "`+other+`"`)
	testutil.EvalString(t, ctx, `history.back(), ""`)
	testutil.WaitJS(t, ctx, 10*time.Second, `!new URL(location.href).searchParams.has("luck") && !!document.querySelector('[data-testid="liunian"][data-luck="`+current+`"]')`)

	// The shared address opens the same state.
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(shared), chromedp.WaitReady(chromedp.CSS(`[data-testid="liuyue"]`)))
	if got := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="luck-pillar"][data-selected]').dataset.index + "/" + document.querySelector('[data-testid="liuyue"]').dataset.year`); got != other+"/"+year {
		t.Fatalf("the shared address opens 大运/year %s, want %s/%s", got, other, year)
	}
	console.Sync(t, ctx)
	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}

// Printing a chart: the site's header and navigation go, the chart's own
// title block (name, birth data) stays, the element bars keep a modest
// height, and the pillar grid is on the first page and ends it.
func TestBrowserChartPrint(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	// A letter page at 96 dpi less the default margins: 8.5 × 11 in − 2 × 0.4 in.
	const pageW, pageH = 739, 979
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(pageW, pageH))
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/chart?"+phoneChartQuery+"&name=Print+Tester&lang=en"),
		chromedp.WaitReady(chromedp.CSS(`[data-testid="pillars"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, testutil.PageSettled)
	err := chromedp.Do(ctx, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return chromedp.Void{}, err
	})
	if err != nil {
		t.Fatalf("emulate print: %v", err)
	}
	testutil.WaitJS(t, ctx, 5*time.Second, `matchMedia("print").matches`)
	shown := func(sel string) string {
		return testutil.EvalString(t, ctx, `(e => String(!!e && getComputedStyle(e).display !== "none" && e.getBoundingClientRect().height > 0))(document.querySelector('`+sel+`'))`)
	}
	for _, sel := range []string{`[data-testid="chart-title"]`, `[data-testid="chart-summary"]`} {
		if shown(sel) != "true" {
			t.Errorf("%s is not printed", sel)
		}
	}
	if got := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="chart-title"]').textContent.trim()`); got != "Print Tester" {
		t.Errorf("printed title %q", got)
	}
	for _, sel := range []string{`[data-testid="site-header"]`, `[data-testid="lang-switcher"]`, `[data-testid="edit-chart"]`} {
		if shown(sel) != "false" {
			t.Errorf("%s is printed", sel)
		}
	}
	if h := testutil.EvalString(t, ctx, `String(Math.round(document.querySelector('[data-testid="elements-svg"]').getBoundingClientRect().height))`); mustAtoi(t, h) > 160 {
		t.Errorf("the element bars print %s px tall", h)
	}
	if b := testutil.EvalString(t, ctx, `String(Math.ceil(document.querySelector('[data-testid="pillars"]').getBoundingClientRect().bottom + scrollY))`); mustAtoi(t, b) > pageH {
		t.Errorf("the pillar grid ends %s px down, past the first page (%d px)", b, pageH)
	}
	if got := testutil.EvalString(t, ctx, `getComputedStyle(document.querySelector('[data-testid="pillars"]')).breakAfter`); got != "page" {
		t.Errorf("the pillar grid does not end the first page (break-after %q)", got)
	}
	testutil.Screenshot(t, ctx, "chart-print")
}

// oldChartQuery is a chart whose current 大运, at the test clock, is the
// seventh: far along the timeline.
const oldChartQuery = "date=1952-03-10&time=08%3A00&tz=Asia%2FShanghai&gender=male"

// Without JavaScript, on a 360 px phone, the current 大运 is in view as the
// page loads (the strip wraps in rows of five rather than scrolling
// sideways), and each 大运's ten god sits beside its link, tappable.
func TestBrowserLuckCurrentInViewWithoutJS(t *testing.T) {
	app := startAPI(t)
	for _, lang := range []string{"en", "zh-Hant"} {
		d := testutil.HTML(t, app.Get(t, "/chart?"+oldChartQuery+"&lang="+lang).Body)
		items := d.Find(`[data-testid="luck-pillars"] > li`)
		pos := items.IndexOfSelection(items.Has(`[aria-current]`).First())
		if pos < 5 {
			t.Fatalf("%s: the current 大运 is item %d of %d; the test needs the 6th or later", lang, pos+1, items.Length())
		}
	}

	ctx := testutil.Browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(360, 740))
	for _, lang := range []string{"en", "zh-Hant"} {
		testutil.Step(t, ctx, 20*time.Second,
			chromedp.Navigate(app.URL+"/chart?"+oldChartQuery+"&lang="+lang),
			chromedp.WaitReady(chromedp.CSS(`[data-testid="luck-pillar"][aria-current]`)),
		)
		if loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!window.htmx`)); err == nil && loaded {
			t.Fatal("scripts ran: htmx is loaded")
		}
		box, err := chromedp.Run(ctx, chromedp.Dimensions(chromedp.CSS(`[data-testid="luck-pillar"][aria-current]`)))
		if err != nil {
			t.Fatalf("%s: the current 大运's box: %v", lang, err)
		}
		left, right := box.Border[0], box.Border[2]
		if left < 0 || right > 360 || right-left < 40 {
			t.Errorf("%s: the current 大运 spans x %.0f–%.0f on a 360 px screen", lang, left, right)
		}
		testutil.Screenshot(t, ctx, "luck-nojs-"+lang)
	}
}
