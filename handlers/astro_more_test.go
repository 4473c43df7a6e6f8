package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// natalQuery is 1990-01-01 06:30 New York: Sun 10°47′ Capricorn, Moon
// 2°59′ Pisces, Ascendant Sagittarius. On 2026-12-06 transiting Uranus
// squares the natal Moon (orb 0°14′), exact on 2026-12-12.
const natalQuery = "date=1990-01-01&time=06%3A30&tz=America%2FNew_York&lat=40.7128&lon=-74.006&name=Star+Gazer"

const partnerAstroQuery = "date=1992-07-20&time=18%3A05&tz=Europe%2FLondon&lat=51.5074&lon=-0.1278&name=Moon+Child"

func TestAstroTransitsPageInEveryLanguage(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct{ lang, uranus, square, moon string }{
		{"en", "Uranus", "square", "Moon"},
		{"zh-Hans", "天王星", "刑", "月亮"},
		{"zh-Hant", "天王星", "刑", "月亮"},
		{"ja", "天王星", "スクエア", "月"},
		{"ko", "천왕성", "스퀘어", "달"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			res := app.Get(t, "/astrology/transits?"+natalQuery+"&day=2026-12-06&lang="+tc.lang)
			if res.StatusCode != 200 {
				t.Fatalf("status %d\n%s", res.StatusCode, res.Body)
			}
			if m := rawKey.FindString(res.Body); m != "" {
				t.Errorf("untranslated key on the page: %s", m)
			}
			d := testutil.HTML(t, res.Body)
			if got := text(d, `[data-testid="transits-day"]`); got != "2026-12-06" {
				t.Errorf("day %q", got)
			}
			first := d.Find(`[data-testid="transit-row"]`).First()
			if got := first.Text(); !strings.Contains(got, tc.uranus) || !strings.Contains(got, tc.square) || !strings.Contains(got, tc.moon) || !strings.Contains(got, "2026-12-12") {
				t.Errorf("first transit %q", got)
			}
			// The day picker: plain links to the neighbouring days and a GET
			// form carrying the birth along.
			if href := d.Find(`[data-testid="transits-prev"]`).AttrOr("href", ""); !strings.Contains(href, "day=2026-12-05") || !strings.HasPrefix(href, "/astrology/transits?") {
				t.Errorf("prev %q", href)
			}
			if href := d.Find(`[data-testid="transits-next"]`).AttrOr("href", ""); !strings.Contains(href, "day=2026-12-07") {
				t.Errorf("next %q", href)
			}
			form := d.Find(`[data-testid="transits-day-form"]`)
			if form.AttrOr("method", "") != "get" || form.Find(`input[name="date"]`).AttrOr("value", "") != "1990-01-01" || form.Find(`input[name="day"]`).AttrOr("value", "") != "2026-12-06" {
				t.Error("day form")
			}
			// The reading panel posts topic astro with the day in the query.
			rf := d.Find(`[data-testid="reading-form"]`)
			if rf.Find(`input[name="topic"]`).AttrOr("value", "") != "astro" || !strings.Contains(rf.Find(`input[name="query"]`).AttrOr("value", ""), "day=2026-12-06") {
				t.Error("reading form")
			}
		})
	}
}

// The default day is today on the birthplace's calendar: the fixed clock
// is 2026-11-26 12:00 UTC, 07:00 in New York.
func TestAstroTransitsDefaultDayAndBadInput(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/astrology/transits?"+natalQuery)
	if res.StatusCode != 200 || text(testutil.HTML(t, res.Body), `[data-testid="transits-day"]`) != "2026-11-26" {
		t.Errorf("default day: %d", res.StatusCode)
	}
	res = app.Get(t, "/astrology/transits?date=1990-01-01&tz=Asia%2FTokyo&day=2026-11-26")
	if res.StatusCode != 200 || testutil.HTML(t, res.Body).Find(`[data-testid="transits-notime"]`).Length() != 1 {
		t.Errorf("no time: %d", res.StatusCode)
	}
	// A bad day: the page with the message next to the day input (422).
	res = app.Get(t, "/astrology/transits?"+natalQuery+"&day=2026-02-30")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad day: %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if msg := text(d, `[data-testid="error-day"]`); msg == "" || d.Find(`#transits-day-input`).AttrOr("aria-describedby", "") != "error-day" ||
		d.Find(`#transits-day-input`).AttrOr("value", "") != "2026-02-30" {
		t.Errorf("day error %q", msg)
	}
	// Bad birth data: an error page naming the field.
	res = app.Get(t, "/astrology/transits?date=1990-13-01&tz=UTC")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Birth date") {
		t.Errorf("bad date: %d", res.StatusCode)
	}
	res = app.Get(t, "/astrology/transits")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/astrology" {
		t.Errorf("no query: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestAstroSynastryPage(t *testing.T) {
	app := startAPI(t)
	for _, lang := range uiLangs {
		q := url.Values{"a": {"https://example.com/astrology?" + natalQuery}, "b": {partnerAstroQuery}, "lang": {lang}}
		res := app.Get(t, "/astrology/synastry?"+q.Encode())
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d\n%s", lang, res.StatusCode, res.Body)
		}
		if m := rawKey.FindString(res.Body); m != "" {
			t.Errorf("%s: untranslated key: %s", lang, m)
		}
		d := testutil.HTML(t, res.Body)
		for _, k := range []string{"luminaries", "venus_mars", "communication", "stability"} {
			if d.Find(`[data-testid="syn-part-`+k+`"]`).Length() != 1 {
				t.Errorf("%s: part %s missing", lang, k)
			}
		}
		if d.Find(`[data-testid="syn-row"]`).Length() < 5 || text(d, `[data-testid="syn-overall"]`) == "" {
			t.Errorf("%s: aspects or score missing", lang)
		}
		if href := d.Find(`[data-testid="syn-compat-link"]`).AttrOr("href", ""); !strings.HasPrefix(href, "/compatibility?a=") {
			t.Errorf("%s: compat link %q", lang, href)
		}
	}
	// A chart with itself: every body conjunct itself.
	res := app.Get(t, "/astrology/synastry?"+url.Values{"a": {natalQuery}, "b": {natalQuery}}.Encode())
	if n := testutil.HTML(t, res.Body).Find(`[data-testid="syn-row"][data-kind="conjunction"]`).Length(); n < 11 {
		t.Errorf("self synastry: %d conjunctions", n)
	}
	// Bad input next to its field, the other kept.
	res = app.Get(t, "/astrology/synastry?"+url.Values{"a": {natalQuery}, "b": {"date=1990-01-01&tz=Nowhere%2FCity"}}.Encode())
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad b: %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if text(d, `[data-testid="error-b"]`) == "" || text(d, `[data-testid="error-a"]`) != "" || !d.Find(`#syn-b`).Is("[aria-invalid]") ||
		d.Find(`#syn-a`).AttrOr("value", "") != natalQuery {
		t.Errorf("field errors:\n%s", res.Body)
	}
	res = app.Get(t, "/astrology/synastry?a=&b="+url.QueryEscape(natalQuery))
	if res.StatusCode != http.StatusUnprocessableEntity || text(testutil.HTML(t, res.Body), `[data-testid="error-a"]`) == "" {
		t.Errorf("missing a: %d", res.StatusCode)
	}
	res = app.Get(t, "/astrology/synastry")
	if res.StatusCode != 200 || testutil.HTML(t, res.Body).Find(`[data-testid="syn-form"]`).AttrOr("method", "") != "get" {
		t.Errorf("empty form: %d", res.StatusCode)
	}
}

// The compatibility page links to the synastry of the same two people.
func TestCompatLinksToSynastry(t *testing.T) {
	app := startAPI(t)
	a := "date=1990-01-01&time=06%3A30&tz=America%2FNew_York&lat=40.7128&lon=-74.006&gender=male"
	b := "date=1992-07-20&time=18%3A05&tz=Europe%2FLondon&lat=51.5074&lon=-0.1278&gender=female"
	res := app.Get(t, "/compatibility?"+url.Values{"a": {a}, "b": {b}}.Encode())
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	href := testutil.HTML(t, res.Body).Find(`[data-testid="compat-synastry-link"]`).AttrOr("href", "")
	u, err := url.Parse(href)
	if err != nil || u.Path != "/astrology/synastry" || !strings.Contains(u.Query().Get("a"), "1990-01-01") || !strings.Contains(u.Query().Get("b"), "1992-07-20") {
		t.Fatalf("link %q", href)
	}
	res = app.Get(t, href)
	if res.StatusCode != 200 {
		t.Errorf("following it: %d", res.StatusCode)
	}
}

// A signed-in user with a saved chart sees the day's transits to it on
// the daily page, linking to the full transits page for that day; a guest
// does not.
func TestDailyShowsTransits(t *testing.T) {
	app := testutil.StartApp(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("daily-astro"), Verified: true})
	histSave(t, app, u.ID, histChart{Name: "Sky Watcher", Date: "1990-01-01", Time: "06:30", Gender: "male", Place: "Shanghai"})
	b := app.NewSession()
	b.SignIn(t, u.ID)
	for _, lang := range uiLangs {
		d := dailyGet(t, b, "/daily?date=2026-12-06&time=12:00&lang="+lang, http.StatusOK)
		sec := testutil.ByTestID(d, "daily-transits")
		if sec.Length() != 1 {
			t.Fatalf("%s: no transits section", lang)
		}
		href := testutil.ByTestID(sec, "daily-transits-link").AttrOr("href", "")
		if !strings.HasPrefix(href, "/astrology/transits?") || !strings.Contains(href, "day=2026-12-06") || !strings.Contains(href, "Sky+Watcher") {
			t.Errorf("%s: link %q", lang, href)
		}
		if n := testutil.ByTestID(sec, "daily-transit").Length(); n < 1 || n > 3 {
			t.Errorf("%s: %d transit lines", lang, n)
		}
		if res := b.Get(t, href); res.StatusCode != http.StatusOK {
			t.Errorf("%s: following the link: %d", lang, res.StatusCode)
		}
	}
	g := dailyGet(t, app.NewSession(), "/daily?date=2026-12-06&lang=en", http.StatusOK)
	if testutil.ByTestID(g, "daily-transits").Length() != 0 {
		t.Error("a guest sees transits")
	}
}
