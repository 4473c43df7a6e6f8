package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// The chart page in Chromium: open a 大运's years and a year's months in
// place (htmx), flip the 子 hour rule, switch language and theme, and look
// right on a phone. Screenshots go to test-artifacts/.
func TestBrowserChartPage(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	chartURL := app.URL + "/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&place=Beijing&lang=en"

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(chartURL),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="pillars"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `!!window.htmx`)
	// Light theme for the first screenshot, whatever the system prefers.
	testutil.EvalString(t, ctx, `document.documentElement.classList.remove("dark"), localStorage.setItem("theme","light"), ""`)
	testutil.Screenshot(t, ctx, "chart-desktop-light")

	// Open the first 大运: its years replace the list without reloading the
	// page (the address records the choice; see TestBrowserLuckTimelineState).
	testutil.EvalString(t, ctx, `window.__samePage = true, ""`)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="luck-pillar"][data-index="1"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `!!document.querySelector('[data-testid="liunian"][data-luck="1"]')`)
	if same := testutil.EvalString(t, ctx, `String(window.__samePage === true)`); same != "true" {
		t.Fatalf("choosing a 大运 reloaded the page: %s", testutil.EvalString(t, ctx, `location.href`))
	}
	if n := testutil.EvalString(t, ctx, `String(document.querySelectorAll('[data-testid="liunian-year"]').length)`); n != "10" {
		t.Fatalf("%s years listed", n)
	}
	// Then a year's months.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="open-liuyue"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelectorAll('[data-testid="liuyue-month"]').length === 12`)

	// Flip the 子 hour rule: the day pillar changes from 辛丑 to 庚子.
	dayPillar := `document.querySelector('[data-testid="stem-day"] span').textContent + document.querySelector('[data-testid="branch-day"] span').textContent`
	if got := testutil.EvalString(t, ctx, dayPillar); got != "辛丑" {
		t.Fatalf("day pillar %s before the flip", got)
	}
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="flip-zi-rule"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, dayPillar+` === "庚子"`)

	// Switch the language from the header's language menu.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="lang-toggle"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid="lang-switcher"] a[lang="zh-Hant"]`)))
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="lang-switcher"] a[lang="zh-Hant"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `document.documentElement.lang === "zh-Hant"`)
	if got := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="chart-title"]').textContent.trim()`); got != "八字命盤" {
		t.Fatalf("title after switching to 繁體中文: %q", got)
	}

	// Dark theme, remembered across pages.
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-theme-toggle]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `document.documentElement.classList.contains("dark")`)
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(chartURL), chromedp.WaitVisible(chromedp.CSS(`[data-testid="pillars"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `document.documentElement.classList.contains("dark")`)
	testutil.Screenshot(t, ctx, "chart-desktop-dark")

	// A 375 px phone: nothing wider than the screen except inside the
	// tables' own scroll boxes.
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(375, 812))
	testutil.Step(t, ctx, 20*time.Second, chromedp.Navigate(chartURL), chromedp.WaitVisible(chromedp.CSS(`[data-testid="pillars"]`)))
	if w := testutil.EvalString(t, ctx, `String(document.documentElement.scrollWidth)`); w != "375" {
		t.Errorf("page is %s px wide on a 375 px phone", w)
	}
	testutil.Screenshot(t, ctx, "chart-phone-dark")
	testutil.EvalString(t, ctx, `document.documentElement.classList.remove("dark"), ""`)
	testutil.Screenshot(t, ctx, "chart-phone-light")

	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}
