package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// Every main page passes axe-core with no serious or critical violation
// (colour contrast, ARIA roles, names, …), in the light and the dark theme,
// signed in, at phone width: the pages a user with a saved chart and a
// finished reading sees.
func TestBrowserAccessibility(t *testing.T) {
	app := startReadingApp(t, nil)
	u, user := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("a11y"), Verified: true})
	histSave(t, app, u.ID, histChart{Name: "Wu Day", Date: "2000-01-01", Time: "12:00", Gender: "male"})

	// A reading by the built-in reader, streamed to its end.
	stream := testutil.StreamPath(t, postReading(t, user, testutil.UniqueIP(), "overall"))
	user.OpenStream(t, stream).All(t)
	pid := testutil.ReadingID(stream)

	pages := []struct{ name, path string }{
		{"home", "/?lang=en"},
		{"chart", "/chart?" + readingQuery + "&lang=en"},
		{"reading", "/readings/" + pid + "?lang=en"},
		{"history", "/history?lang=en"},
		{"compatibility", compatURL(compatA, compatB, "lang", "en")},
		{"daily", "/daily?date=2024-02-06&time=12:00&lang=en"},
		{"calendar", "/calendar?year=2024&month=2&lang=en"},
	}

	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.EmulateViewport(360, 740),
		chromedp.Navigate(app.SignInURL(u.ID, "/?lang=en")),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `location.pathname === "/"`)
	for _, theme := range []string{"light", "dark"} {
		// app.js applies the stored theme before the body paints, so axe
		// never sees a colour transition.
		testutil.EvalString(t, ctx, `localStorage.setItem("theme", "`+theme+`"), "ok"`)
		for _, p := range pages {
			testutil.Step(t, ctx, 30*time.Second, chromedp.Navigate(app.URL+p.path))
			testutil.WaitJS(t, ctx, 20*time.Second, testutil.PageSettled)
			if got := testutil.EvalString(t, ctx, `String(document.documentElement.classList.contains("dark"))`); got != map[string]string{"light": "false", "dark": "true"}[theme] {
				t.Fatalf("%s: dark class %s in the %s theme", p.name, got, theme)
			}
			if path := testutil.EvalString(t, ctx, `location.pathname`); !strings.HasPrefix(p.path, path) {
				t.Fatalf("%s: landed on %s", p.name, path)
			}
			if vs := testutil.Axe(t, ctx); len(vs) > 0 {
				testutil.Screenshot(t, ctx, "a11y-"+p.name+"-"+theme)
				t.Errorf("%s page, %s theme: %d serious or critical axe-core violations:\n%s", p.name, theme, len(vs), testutil.AxeReport(vs))
			}
		}
	}
}
