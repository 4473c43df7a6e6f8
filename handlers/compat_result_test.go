package handlers_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// No one types a raw chart query: guests get birth-data fields, signed-in
// users a picker of their saved charts (fields folded behind it); a chart
// that came by link is named, not shown as query text.
func TestCompatibilityHasNoQueryTextBox(t *testing.T) {
	app := testutil.StartApp(t)
	owner, ob := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("compat-picker"), Verified: true})
	xferChart(t, app, owner.ID, xferReq("1988-02-15", "23:30", "Asia/Shanghai", "male"), chartstore.Meta{Name: "Mine-" + strconv.FormatInt(owner.ID, 10)}, false)

	noQueryBox := func(who string, d *goquery.Document) {
		t.Helper()
		d.Find(`input[name="a"], input[name="b"]`).Each(func(_ int, s *goquery.Selection) {
			if s.AttrOr("type", "") != "hidden" {
				t.Errorf("%s: a %s input for a raw query", who, s.AttrOr("type", "text"))
			}
		})
		if strings.Contains(d.Text(), "date=") || d.Find(`[placeholder*="date="]`).Length() != 0 {
			t.Errorf("%s: the page asks for query text", who)
		}
	}
	guest := testutil.HTML(t, app.NewSession().Get(t, "/compatibility?lang=en").Body)
	noQueryBox("guest", guest)
	for _, who := range []string{"a", "b"} {
		if _, open := testutil.ByTestID(guest, "compat-enter-"+who).Attr("open"); !open {
			t.Errorf("guest: %s's birth fields are folded", who)
		}
	}

	mine := testutil.HTML(t, ob.Get(t, "/compatibility?lang=en").Body)
	noQueryBox("signed in", mine)
	for _, who := range []string{"a", "b"} {
		if testutil.ByTestID(mine, "compat-saved-"+who).Find("option").Length() != 2 {
			t.Errorf("signed in: %s's picker does not list the saved chart", who)
		}
		if _, open := testutil.ByTestID(mine, "compat-enter-"+who).Attr("open"); open {
			t.Errorf("signed in: %s's birth fields are open before the picker", who)
		}
	}

	// The chart page's Compare link: person A is named by the chart.
	res := app.NewSession().Get(t, "/compatibility?a="+strings.ReplaceAll(compatA, "&", "%26")+"&lang=en")
	d := testutil.HTML(t, res.Body)
	noQueryBox("linked", d)
	if got := testutil.ByTestID(d, "compat-linked-a").Text(); !strings.Contains(got, "Li Wei") || !strings.Contains(got, "1990-05-17") {
		t.Errorf("linked chart named %q", got)
	}
}

// After comparing, the result comes first: the score with a worded verdict
// beside it and its reason, both charts' four pillars side by side, then
// the details and the form for another comparison.
func TestCompatibilityResultFirstWithVerdict(t *testing.T) {
	app := testutil.StartApp(t)
	catalog := i18n.MustLoad()
	for _, lang := range i18n.Langs {
		res := app.NewSession().Get(t, compatURL(compatA, compatB, "lang", string(lang)))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", lang, res.StatusCode)
		}
		if r, f := strings.Index(res.Body, `data-testid="compat-report"`), strings.Index(res.Body, `data-testid="compat-form"`); r < 0 || f < r {
			t.Errorf("%s: the form (%d) comes before the result (%d)", lang, f, r)
		}
		d := testutil.HTML(t, res.Body)
		overall, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(testutil.ByTestID(d, "compat-overall").Find("p").First().Contents().First().Text()), "/"))
		verdict := testutil.ByTestID(d, "compat-verdict")
		band := verdict.AttrOr("data-verdict", "")
		want := "challenging"
		if overall >= 65 {
			want = "harmonious"
		} else if overall >= 45 {
			want = "workable"
		}
		if band != want || !strings.Contains(verdict.Text(), catalog.T(lang, "compat.verdict."+want)) || !strings.Contains(verdict.Text(), catalog.T(lang, "compat.verdict."+want+".lead")) {
			t.Errorf("%s: score %d, verdict %q (%s), want %s", lang, overall, verdict.Text(), band, want)
		}
		reason := testutil.ByTestID(d, "compat-verdict-reason").Text()
		parts := 0
		for _, k := range []string{"day_master", "stems", "branches", "elements", "luck"} {
			if strings.Contains(reason, catalog.T(lang, "compat.part."+k)) {
				parts++
			}
		}
		if parts != 2 {
			t.Errorf("%s: the reason names %d parts: %q", lang, parts, reason)
		}
		for who, year := range map[string]string{"a": "庚午", "b": "壬申"} {
			pillars := testutil.ByTestID(d, "compat-pillars-"+who).Find(`[data-testid="compat-pillar"]`)
			if pillars.Length() != 4 || strings.TrimSpace(pillars.First().Text()) != year {
				t.Errorf("%s: %s's pillars %q", lang, who, pillars.Text())
			}
		}
		if strings.Contains(res.Body, ">compat.") {
			t.Errorf("%s: an untranslated key shows", lang)
		}
	}
}

// At 360 px the two charts stack without sideways scrolling, under the
// verdict, and the result is above the form.
func TestBrowserCompatibilityResultOnAPhone(t *testing.T) {
	app := testutil.StartApp(t)
	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.EmulateViewport(360, 800),
		chromedp.Navigate(app.URL+compatURL(compatA, compatB, "lang", "zh-Hant")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="compat-verdict"]`)),
	)
	testutil.Screenshot(t, ctx, "compatibility-result-phone")
	if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
		t.Errorf("page is %d px wide at 360 px", w)
	}
	top := func(id string) float64 {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('[data-testid="`+id+`"]').getBoundingClientRect().top`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if !(top("compat-verdict") < top("compat-pillars-a") && top("compat-pillars-a") < top("compat-pillars-b") && top("compat-pillars-b") < top("compat-form")) {
		t.Errorf("order at 360 px: verdict %.0f, A %.0f, B %.0f, form %.0f", top("compat-verdict"), top("compat-pillars-a"), top("compat-pillars-b"), top("compat-form"))
	}
	testutil.Step(t, ctx, 20*time.Second, chromedp.EmulateViewport(1024, 800))
	if a, b := top("compat-pillars-a"), top("compat-pillars-b"); a != b {
		t.Errorf("at 1024 px the charts are not side by side: %.0f / %.0f", a, b)
	}
}
