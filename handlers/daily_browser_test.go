package handlers_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// Daily guidance and the calendar in Chromium at phone width: the header
// fits in 375 px, the pages do not scroll sideways, the header's menu
// reaches both, and the calendar moves to the next month.
func TestBrowserDailyAndCalendar(t *testing.T) {
	app := testutil.StartApp(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("daily-browser"), Verified: true})
	histSave(t, app, u.ID, histChart{Name: "Wu Day", Date: "2000-01-01", Time: "12:00", Gender: "male"})
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(375, 800))

	fits := func(page string) {
		t.Helper()
		if w := testutil.EvalString(t, ctx, `String(document.querySelector('[data-testid="site-header"]').scrollWidth)`); w == "" || mustAtoi(t, w) > 375 {
			t.Errorf("%s: header is %s px wide at 375 px", page, w)
		}
		if w := testutil.EvalString(t, ctx, `String(document.documentElement.scrollWidth)`); mustAtoi(t, w) > 375 {
			t.Errorf("%s: page is %s px wide at 375 px", page, w)
		}
	}

	// A guest: the pillars and a prompt to sign in.
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/daily?date=2024-02-04&time=12:00&lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="daily-pillars"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelectorAll('[data-testid="daily-pillar"]')[2].textContent.trim() === "戊戌"`)
	testutil.WaitJS(t, ctx, 10*time.Second, `!!document.querySelector('[data-testid="daily-guest"]')`)
	fits("daily (guest)")
	for _, lang := range []string{"zh-Hans", "zh-Hant"} {
		testutil.Step(t, ctx, 20*time.Second,
			chromedp.Navigate(app.URL+"/daily?date=2024-02-04&time=12:00&lang="+lang),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="daily-pillars"]`)),
		)
		fits("daily " + lang)
	}

	// Signed in: the personal note.
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.SignInURL(u.ID, "/daily?date=2024-02-06&time=12:00&lang=en")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="daily-note"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `[...document.querySelectorAll('[data-kind="branch_chong"]')].some(e => e.textContent.includes("子午 Clash"))`)
	fits("daily (signed in)")
	testutil.Screenshot(t, ctx, "daily-phone")

	// The calendar from the nav, then the next month.
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/calendar?year=2024&month=2&lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="calendar-grid"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelector('[data-date="2024-02-04"] [data-testid="day-term"]').textContent.includes("立春")`)
	fits("calendar")
	testutil.Screenshot(t, ctx, "calendar-phone")
	testutil.Step(t, ctx, 20*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="calendar-next"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `(document.querySelector('[data-testid="calendar-title"]') || {dataset: {}}).dataset.month === "3"`)
	testutil.WaitJS(t, ctx, 10*time.Second, `[...document.querySelectorAll('[data-testid="day-term"]')].some(e => e.textContent.includes("惊蛰"))`)
	fits("calendar (next month)")

	// The header's menu reaches both pages.
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="menu-toggle"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="menu-daily"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `location.pathname === "/daily" && !!document.querySelector('[data-testid="daily-pillars"]')`)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="menu-toggle"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="menu-calendar"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `location.pathname === "/calendar" && !!document.querySelector('[data-testid="calendar-grid"]')`)
	fits("calendar (this month)")

	if p := console.Problems(); len(p) > 0 {
		t.Errorf("console problems: %v", p)
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}
