package handlers_test

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// From a year's months to a month's days to a day's hours, in place with
// htmx (the address keeps each step, so reload and back show the same),
// then the same by plain links without JavaScript, on a 360 px phone.
func TestBrowserChartDrillDown(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	chartURL := app.URL + "/chart?" + vectorQuery + "&lang=en&year=2024"

	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(chartURL),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="liuyue"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `!!window.htmx`)
	testutil.EvalString(t, ctx, `window.__samePage = true, ""`)

	// The 卯 month (the second): its days replace nothing else.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="liuyue-month"]:nth-child(2) [data-testid="open-liuri"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelectorAll('[data-testid="liuri-day"]').length === 30`)
	testutil.WaitJS(t, ctx, 10*time.Second, `location.search.includes("month=2") && location.hash === "#liuri"`)

	// A day: its twelve hours.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="liuri-day"][data-date="2024-03-10"] [data-testid="open-liushi"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelectorAll('[data-testid="liushi"][data-date="2024-03-10"] [data-testid="liushi-hour"]').length === 12`)
	testutil.WaitJS(t, ctx, 10*time.Second, `location.search.includes("day=2024-03-10")`)
	if same := testutil.EvalString(t, ctx, `String(window.__samePage === true)`); same != "true" {
		t.Fatal("drilling down reloaded the page")
	}
	if w := testutil.EvalString(t, ctx, `String(document.documentElement.scrollWidth)`); w != "360" {
		t.Errorf("page is %s px wide on a 360 px phone with days and hours open", w)
	}
	// A chip opens to its rule on tap.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="liuri-interactions"][data-date="2024-03-10"] [data-testid="interaction"] summary`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `!!document.querySelector('[data-testid="liuri-interactions"][data-date="2024-03-10"] details[open] .term-pop')`)
	testutil.Screenshot(t, ctx, "chart-drilldown-phone")

	// Reload: the same day's hours are open.
	testutil.Step(t, ctx, 20*time.Second, chromedp.Reload())
	testutil.WaitJS(t, ctx, 20*time.Second, `document.querySelectorAll('[data-testid="liushi"][data-date="2024-03-10"] [data-testid="liushi-hour"]').length === 12`)
	// Back: the month without a day.
	testutil.Step(t, ctx, 10*time.Second, chromedp.NavigateBack())
	testutil.WaitJS(t, ctx, 20*time.Second, `!location.search.includes("day=") && document.querySelectorAll('[data-testid="liuri-day"]').length === 30 && !document.querySelector('[data-testid="liushi"]')`)
	if p := console.Problems(); len(p) > 0 {
		t.Errorf("console problems: %v", p)
	}

	// Without JavaScript the same links load whole pages.
	nojs := testutil.Browser(t)
	if _, err := chromedp.Call(nojs, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, nojs, 20*time.Second, chromedp.EmulateViewport(360, 740), chromedp.Navigate(chartURL),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="liuyue"]`)))
	testutil.Step(t, nojs, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="liuyue-month"]:nth-child(2) [data-testid="open-liuri"]`)))
	testutil.WaitEval(t, nojs, 20*time.Second, `location.search.includes("month=2") && document.querySelectorAll('[data-testid="liuri-day"]').length === 30`)
	testutil.Step(t, nojs, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="liuri-day"][data-date="2024-03-10"] [data-testid="open-liushi"]`)))
	testutil.WaitEval(t, nojs, 20*time.Second, `location.search.includes("day=2024-03-10") && document.querySelectorAll('[data-testid="liushi-hour"]').length === 12`)
	if w := testutil.EvalString(t, nojs, `String(document.documentElement.scrollWidth)`); w != "360" {
		t.Errorf("no JavaScript: page is %s px wide on a 360 px phone", w)
	}
}
