package handlers_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// Saving, sharing, trashing and restoring a chart in a browser, without
// typing a URL: the Save form in the chart header, the share panel with its
// copy button, the trash banner, and the read-only shared page.
func TestBrowserSaveShareAndTrashAChart(t *testing.T) {
	app := testutil.StartApp(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("saved")})
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.SignInURL(u.ID, "/chart?"+savedQuery+"&lang=en")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="save-form"]`)),
	)
	testutil.Screenshot(t, ctx, "saved-chart-save-control")
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="save-form"] summary`)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="save-notes"]`), "from the browser"),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="save-tags"]`), "family"),
		chromedp.Click(chromedp.CSS(`button[data-testid="save-chart"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="saved-panel"]`)),
	)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	m := chartPathRe.FindStringSubmatch(strings.TrimPrefix(loc, app.URL))
	if m == nil {
		t.Fatalf("after Save the browser is at %s", loc)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	if row := loadChart(t, app, u.ID, id); row.Notes != "from the browser" || row.Tags != ",family," {
		t.Fatalf("saved %+v", row)
	}

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="saved-notice"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="saved-manage-toggle"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="share-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="share-url"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-copy]`)), // the copy button shows once app.js runs
		chromedp.Click(chromedp.CSS(`[data-copy]`)),
	)
	testutil.Screenshot(t, ctx, "saved-chart-shared")
	link, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[data-testid="share-url"]`)))
	if !strings.Contains(link, "/s/") {
		t.Fatalf("share link %q", link)
	}

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="trash-chart"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="trashed-banner"]`)),
	)
	testutil.Screenshot(t, ctx, "saved-chart-trashed")
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="restore-chart"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`[data-testid="trashed-banner"]`)),
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="shared-notice"]`)),
	)
	testutil.Screenshot(t, ctx, "saved-chart-shared-page")
	if body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerHTML`)); strings.Contains(body, "Hangzhou") || strings.Contains(body, "Grandma Wen") {
		t.Error("the shared page shows the name or place it should hide")
	}
	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}
