package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// On a saved chart the pillars come first and the management card after
// them, folded; Save and the card's actions are confirmed by a status
// message; on the history page the filters fold behind one control.
func TestSavedChartPillarsFirstAndSaveConfirms(t *testing.T) {
	app := testutil.StartApp(t)
	catalog := i18n.MustLoad()
	_, br := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("manage"), Verified: true})

	res := br.PostForm(t, "/charts", url.Values{"query": {savedQuery}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(loc, "?done=saved") {
		t.Fatalf("POST /charts: %d → %q", res.StatusCode, loc)
	}
	path := strings.TrimSuffix(loc, "?done=saved")
	for _, lang := range i18n.Langs {
		body := br.Get(t, loc+"&lang="+string(lang)).Body
		d := testutil.HTML(t, body)
		notice := testutil.ByTestID(d, "saved-notice")
		if notice.AttrOr("role", "") != "status" || strings.TrimSpace(notice.Text()) != catalog.T(lang, "saved.done.saved") {
			t.Errorf("%s: no confirmation after Save: %q", lang, notice.Text())
		}
		if pillars, panel := strings.Index(body, `data-testid="pillars"`), strings.Index(body, `data-testid="saved-panel"`); pillars < 0 || panel < pillars {
			t.Errorf("%s: the management card (%d) comes before the pillars (%d)", lang, panel, pillars)
		}
		manage := testutil.ByTestID(d, "saved-manage")
		if _, open := manage.Attr("open"); open || manage.Find(`[data-testid="share-form"]`).Length() != 1 || manage.Find(`[data-testid="trash-chart"]`).Length() != 1 {
			t.Errorf("%s: management card not folded around its controls", lang)
		}
	}
	// Without ?done there is nothing to confirm.
	if d := testutil.HTML(t, br.Get(t, path).Body); testutil.ByTestID(d, "saved-notice").Length() != 0 {
		t.Error("a plain visit shows a confirmation")
	}
	// Sharing confirms too, with the card open on the link.
	res = br.PostForm(t, path+"/share", url.Values{"show_name": {"1"}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != path+"?done=shared#share-url" {
		t.Fatalf("share: %d → %q", res.StatusCode, loc)
	}
	d := testutil.HTML(t, br.Get(t, path+"?done=shared&lang=en").Body)
	if _, open := testutil.ByTestID(d, "saved-manage").Attr("open"); !open || testutil.ByTestID(d, "share-url").Length() != 1 {
		t.Error("after sharing the card is folded")
	}
	if got := strings.TrimSpace(testutil.ByTestID(d, "saved-notice").Text()); got != catalog.T(i18n.English, "saved.done.shared") {
		t.Errorf("share notice %q", got)
	}
	// An unknown ?done says nothing (it is not echoed).
	if d := testutil.HTML(t, br.Get(t, path+"?done=%3Cb%3Ehi").Body); testutil.ByTestID(d, "saved-notice").Length() != 0 {
		t.Error("an unknown done value shows a notice")
	}

	// History: search in sight, the other filters behind one summary that
	// counts the active ones and opens when one of them is refused.
	for _, tc := range []struct {
		query string
		open  bool
		count string
	}{
		{"", false, ""},
		{"?gender=female&fav=1&lang=en", false, "2 on"},
		{"?from=abc&lang=en", true, "1 on"},
	} {
		d := testutil.HTML(t, br.Get(t, "/history"+tc.query).Body)
		filters := testutil.ByTestID(d, "history-filters")
		if filters.Length() != 1 || filters.Is("details") == false {
			t.Fatalf("%q: no folded filters", tc.query)
		}
		if _, open := filters.Attr("open"); open != tc.open {
			t.Errorf("%q: filters open = %v", tc.query, open)
		}
		for _, id := range []string{"filter-gender", "filter-from", "filter-to", "filter-tag", "filter-sort", "filter-fav"} {
			if filters.Find(`[data-testid="`+id+`"]`).Length() != 1 {
				t.Errorf("%q: %s is not behind the filters button", tc.query, id)
			}
		}
		if filters.Find(`#h-q`).Length() != 0 || d.Find(`#h-q`).Length() != 1 {
			t.Errorf("%q: the search box is folded away", tc.query)
		}
		if got := strings.TrimSpace(testutil.ByTestID(d, "history-filters-count").Text()); got != tc.count {
			t.Errorf("%q: active count %q, want %q", tc.query, got, tc.count)
		}
	}
}

// At phone width the saved chart opens on its pillars; the confirmation is
// in view and the folded card opens with one tap.
func TestBrowserSavedChartOnAPhone(t *testing.T) {
	app := testutil.StartApp(t)
	u, br := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("manage-phone"), Verified: true})
	id := saveChart(t, br, nil)
	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.EmulateViewport(360, 740),
		chromedp.Navigate(app.SignInURL(u.ID, "/charts/"+strconv.FormatInt(id, 10)+"?done=saved&lang=en")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="saved-notice"]`)),
	)
	testutil.Screenshot(t, ctx, "saved-chart-phone")
	shown := func(id string) string {
		return `document.querySelector('[data-testid="` + id + `"]').checkVisibility()`
	}
	testutil.WaitJS(t, ctx, 10*time.Second, shown("pillars")+" && !("+shown("share-submit")+")")
	if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
		t.Errorf("page is %d px wide at 360 px", w)
	}
	// The pillars start within the first screen.
	if top, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('[data-testid="pillars"]').getBoundingClientRect().top`)); top > 740 {
		t.Errorf("pillars start %.0f px down at 360×740", top)
	}
	testutil.Step(t, ctx, 20*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="saved-manage-toggle"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, shown("share-submit"))
}
