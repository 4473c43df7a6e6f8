package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// The history in Chromium: a chart saved from its page is listed; typing in the search box narrows the list
// without a page load (and puts the search in the address bar); ticking a
// chart and moving it to the trash removes it from the list in place; the
// trash then holds it.
func TestBrowserHistoryFindAndDelete(t *testing.T) {
	app := testutil.StartApp(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("history-browser"), Verified: true})
	for _, hc := range []histChart{
		{Name: "Zhang Wei", Date: "1984-06-01", Time: "12:00", Gender: "male", Place: "Beijing"},
		{Name: "Li Na", Date: "1990-03-15", Time: "08:30", Gender: "female", Place: "Shanghai", Tags: []string{"client"}},
	} {
		histSave(t, app, u.ID, hc)
	}
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)

	// Save a third chart from its chart page.
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.SignInURL(u.ID, "/chart?date=1975-11-20&tz=Europe%2FLondon&gender=female&place=London&lang=en")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="save-form"]`)),
	)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.SetValue(chromedp.CSS(`[data-testid="save-form"] [data-testid="save-name"]`), "Wang Fang"),
		chromedp.Click(chromedp.CSS(`[data-testid="save-form"] [data-testid="save-chart"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `/^\/charts\/\d+$/.test(location.pathname)`)

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/history"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="chart-rows"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `!!window.htmx`)
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelectorAll('[data-testid="chart-row"]').length === 3`)
	testutil.Screenshot(t, ctx, "history-desktop")
	// A marker that a page load would wipe out.
	testutil.EvalString(t, ctx, `window.__samePage = "yes", ""`)

	// A filter updates the list in place too.
	testutil.EvalString(t, ctx, `(() => { const s = document.querySelector('[data-testid="filter-gender"]'); s.value = "male"; s.dispatchEvent(new Event("change", {bubbles: true})); return ""; })()`)
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelectorAll('[data-testid="chart-row"]').length === 1 && location.search.includes("gender=male")`)
	testutil.EvalString(t, ctx, `(() => { const s = document.querySelector('[data-testid="filter-gender"]'); s.value = ""; s.dispatchEvent(new Event("change", {bubbles: true})); return ""; })()`)
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelectorAll('[data-testid="chart-row"]').length === 3`)

	// Type: the list narrows in place and the URL follows.
	testutil.Step(t, ctx, 10*time.Second, chromedp.SendKeys(chromedp.CSS(`[data-testid="history-search"]`), "lond"))
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelectorAll('[data-testid="chart-row"]').length === 1`)
	if got := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="row-name"]').textContent.trim()`); got != "Wang Fang" {
		t.Fatalf("the search found %q", got)
	}
	testutil.WaitJS(t, ctx, 10*time.Second, `new URLSearchParams(location.search).get("q") === "lond"`)
	if testutil.EvalString(t, ctx, `String(window.__samePage)`) != "yes" {
		t.Fatal("searching reloaded the page")
	}

	// Tick it and move it to the trash, once htmx has finished with the
	// swapped list (a click before it processes the new form would post it
	// the plain way).
	testutil.WaitJS(t, ctx, 10*time.Second, `!document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, .htmx-added')`)
	testutil.Step(t, ctx, 10*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="row-select"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="bulk-trash"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `(document.querySelector('[data-testid="history-notice"]') || {textContent: ""}).textContent.includes("1 chart moved to the trash")`)
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelectorAll('[data-testid="chart-row"]').length === 0`)
	if testutil.EvalString(t, ctx, `String(window.__samePage)`) != "yes" {
		t.Fatal("the bulk action reloaded the page")
	}
	testutil.Screenshot(t, ctx, "history-after-trash")

	// Clearing the search: the other two remain.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Navigate(app.URL+"/history"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="chart-rows"]`)))
	if got := testutil.EvalString(t, ctx, `[...document.querySelectorAll('[data-testid="row-name"]')].map(e => e.textContent.trim()).join(",")`); got != "Li Na,Zhang Wei" {
		t.Fatalf("after trashing the list is %q", got)
	}
	// The trash holds it.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="tab-trash"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `location.search.includes("trash=1") && !!document.querySelector('[data-testid="row-restore"]')`)
	if got := testutil.EvalString(t, ctx, `[...document.querySelectorAll('[data-testid="row-name"]')].map(e => e.textContent.trim()).join(",")`); got != "Wang Fang" {
		t.Fatalf("the trash holds %q", got)
	}
	testutil.Screenshot(t, ctx, "history-trash")

	// A phone: the list fits.
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(375, 800))
	testutil.Step(t, ctx, 10*time.Second, chromedp.Navigate(app.URL+"/history"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="chart-rows"]`)))
	if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector('[data-testid="history-page"]').scrollWidth`)); w > 375 {
		t.Errorf("the history is %d px wide at 375 px", w)
	}
	testutil.Screenshot(t, ctx, "history-phone")

	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}

// "Load more" in Chromium appends the next keyset page to the list in place
// and disappears on the last page.
func TestBrowserHistoryLoadMore(t *testing.T) {
	app := testutil.StartApp(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("history-more"), Verified: true})
	for i := 0; i < 30; i++ {
		histSave(t, app, u.ID, histChart{Name: fmt.Sprintf("Person %02d", i), Date: fmt.Sprintf("19%02d-05-0%d", 50+i, 1+i%9), Time: "09:00", Gender: "female", Place: "Beijing"})
	}
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.SignInURL(u.ID, "/history?sort=name&lang=en")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="load-more-link"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `!!window.htmx`)
	testutil.EvalString(t, ctx, `window.__samePage = "yes", ""`)
	if n := testutil.EvalString(t, ctx, `String(document.querySelectorAll('[data-testid="chart-row"]').length)`); n != "25" {
		t.Fatalf("first page has %s rows", n)
	}
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="load-more-link"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelectorAll('[data-testid="chart-row"]').length === 30 && !document.querySelector('[data-testid="load-more-link"]')`)
	names := testutil.EvalString(t, ctx, `[...document.querySelectorAll('[data-testid="row-name"]')].map(e => e.textContent.trim()).join(",")`)
	for i := 0; i < 30; i++ {
		if !strings.Contains(names, fmt.Sprintf("Person %02d", i)) {
			t.Fatalf("Person %02d missing after load more: %s", i, names)
		}
	}
	if testutil.EvalString(t, ctx, `String(window.__samePage)`) != "yes" {
		t.Fatal("load more reloaded the page")
	}
	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}
