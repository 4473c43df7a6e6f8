package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// astroQuery is the second anchor: ascendant 267.67° (Sagittarius).
const astroQuery = "date=1990-01-01&time=06%3A30&tz=America%2FNew_York&lat=40.7128&lon=-74.006"

// astroRawKey catches an untranslated astrology key on a page.
var astroRawKey = regexp.MustCompile(`>\s*(astro|term\.astro[a-z_]*)\.[a-z0-9_.]+\s*<`)

func TestAstroPageDrawsTheChartInEveryLanguage(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct{ lang, sun, capricorn, sag, big3 string }{
		{"en", "Sun", "Capricorn", "Sagittarius", "The big three"},
		{"zh-Hans", "太阳", "摩羯座", "射手座", "三巨头"},
		{"zh-Hant", "太陽", "摩羯座", "射手座", "三巨頭"},
		{"ja", "太陽", "山羊座", "射手座", "ビッグスリー"},
		{"ko", "태양", "염소자리", "사수자리", "빅 3"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			res := app.Get(t, "/astrology?"+astroQuery+"&lang="+tc.lang)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			if m := rawKey.FindString(res.Body); m != "" {
				t.Errorf("untranslated key on the page: %s", m)
			}
			if m := astroRawKey.FindString(res.Body); m != "" {
				t.Errorf("untranslated key on the page: %s", m)
			}
			d := testutil.HTML(t, res.Body)
			wheel := d.Find(`svg[data-testid="astro-wheel"]`)
			if wheel.Length() != 1 || wheel.Find("title").Text() == "" || wheel.AttrOr("role", "") != "img" {
				t.Fatal("no accessible wheel")
			}
			if n := wheel.Find(`[data-testid="astro-sign"]`).Length(); n != 12 {
				t.Errorf("%d sign segments", n)
			}
			glyphs := wheel.Find(`[data-testid="astro-sign-glyph"]`).Text()
			for _, g := range []string{"♈", "♉", "♊", "♋", "♌", "♍", "♎", "♏", "♐", "♑", "♒", "♓"} {
				if !strings.Contains(glyphs, g) {
					t.Errorf("sign glyph %s missing", g)
				}
			}
			bodyGlyph := map[string]string{"sun": "☉", "moon": "☽", "mercury": "☿", "venus": "♀", "mars": "♂", "jupiter": "♃", "saturn": "♄", "uranus": "♅", "neptune": "♆", "pluto": "♇", "node": "☊"}
			for key, g := range bodyGlyph {
				if got := wheel.Find(`[data-testid="astro-body-glyph"][data-body="` + key + `"]`).Text(); !strings.Contains(got, g) {
					t.Errorf("%s glyph %q, want %s", key, got, g)
				}
			}
			if n := wheel.Find(`[data-testid="astro-house-number"]`).Length(); n != 12 {
				t.Errorf("%d house numbers", n)
			}
			if got := wheel.Find(`[data-testid="astro-angle"]`).Text(); got != "ACMC" {
				t.Errorf("angles %q", got)
			}
			if wheel.Find(`[data-testid="astro-aspect-lines"]`).Length() == 0 {
				t.Error("no aspect lines")
			}
			sun := d.Find(`[data-testid="astro-position"][data-body="sun"]`)
			if !strings.Contains(sun.Text(), tc.sun) || !strings.Contains(sun.Text(), tc.capricorn) {
				t.Errorf("sun row %q", sun.Text())
			}
			if got := text(d, `[data-testid="astro-big3"][data-which="rising"]`); !strings.Contains(got, tc.sag) {
				t.Errorf("rising %q", got)
			}
			if got := text(d, `[data-testid="astro-big-three"]`); !strings.Contains(got, tc.big3) {
				t.Errorf("big three %q", got)
			}
			if d.Find(`[data-testid="astro-aspect-cell"]`).Length() == 0 {
				t.Error("empty aspect grid")
			}
			// Every term links to its glossary entry.
			g := testutil.HTML(t, app.Get(t, "/glossary?lang="+tc.lang).Body)
			seen := map[string]bool{}
			d.Find(`a[href^="/glossary#"]`).Each(func(_ int, s *goquery.Selection) {
				h, _ := s.Attr("href")
				id := strings.TrimPrefix(h, "/glossary#")
				if !seen[id] && g.Find(`[id="`+id+`"]`).Length() != 1 {
					t.Errorf("the page links to %s, which the glossary lacks", h)
				}
				seen[id] = true
			})
			if len(seen) < 30 {
				t.Errorf("only %d distinct glossary links", len(seen))
			}
			// The reading panel posts the page's canonical query.
			form := d.Find(`[data-testid="reading-form"]`)
			if form.Find(`input[name="topic"]`).AttrOr("value", "") != "astro" || form.Find(`input[name="query"]`).AttrOr("value", "") != "date=1990-01-01&time=06%3A30&tz=America%2FNew_York&lon=-74.006&lat=40.7128" {
				t.Errorf("reading form topic %q query %q", form.Find(`input[name="topic"]`).AttrOr("value", ""), form.Find(`input[name="query"]`).AttrOr("value", ""))
			}
		})
	}
}

// The table shows what the API computes.
func TestAstroPositionsEqualTheAPI(t *testing.T) {
	app := startAPI(t)
	res := postJSON(t, app, "/api/v1/astro", `{"date":"1990-01-01","time":"06:30","tz":"America/New_York","lat":40.7128,"lon":-74.006}`)
	var doc astroDoc
	res.JSON(t, &doc)
	d := testutil.HTML(t, app.Get(t, "/astrology?"+astroQuery).Body)
	for _, key := range []string{"sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto", "node"} {
		b := doc.Bodies[key]
		row := d.Find(`[data-testid="astro-position"][data-body="` + key + `"]`)
		if row.Length() != 1 {
			t.Fatalf("no row for %s", key)
		}
		want := strconv.Itoa(b.Degree) + "°" + twoDigits(b.Minute) + "′"
		if got := strings.TrimSpace(row.Find(`[data-testid="astro-position-degree"]`).Text()); got != want {
			t.Errorf("%s degree %q, API %q", key, got, want)
		}
		if got := row.Find(`[data-testid="astro-position-sign"]`).AttrOr("data-sign", ""); got != b.Sign {
			t.Errorf("%s sign %q, API %q", key, got, b.Sign)
		}
		if got := strings.TrimSpace(row.Find(`[data-testid="astro-position-house"]`).Text()); got != strconv.Itoa(b.House) {
			t.Errorf("%s house %q, API %d", key, got, b.House)
		}
		if got := strings.Contains(row.Find(`[data-testid="astro-position-retro"]`).Text(), "℞"); got != b.Retrograde {
			t.Errorf("%s retrograde %v, API %v", key, got, b.Retrograde)
		}
	}
	cells := d.Find(`[data-testid="astro-aspect-cell"]`).Length()
	nodeAspects := 0
	for _, a := range doc.Aspects {
		if a.A == "mean_node" || a.B == "mean_node" {
			nodeAspects++
		}
	}
	if cells != len(doc.Aspects)-nodeAspects {
		t.Errorf("%d aspect cells, API %d aspects", cells, len(doc.Aspects))
	}
}

func twoDigits(v int) string {
	if v < 10 {
		return "0" + strconv.Itoa(v)
	}
	return strconv.Itoa(v)
}

// The house systems are plain links; the current one is marked, and the
// cusps follow.
func TestAstroHouseSwitch(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/astrology?"+astroQuery).Body)
	links := d.Find(`[data-testid="astro-house-link"]`)
	if links.Length() != 3 {
		t.Fatalf("%d house links", links.Length())
	}
	if cur := d.Find(`[data-testid="astro-house-link"][aria-current="true"]`).AttrOr("data-system", ""); cur != "placidus" {
		t.Errorf("current system %q", cur)
	}
	whole := d.Find(`[data-testid="astro-house-link"][data-system="whole_sign"]`).AttrOr("href", "")
	if !strings.HasPrefix(whole, "/astrology?") || !strings.HasSuffix(whole, "&house_system=whole_sign") {
		t.Fatalf("whole sign link %q", whole)
	}
	wd := testutil.HTML(t, app.Get(t, whole).Body)
	if cur := wd.Find(`[data-testid="astro-house-link"][aria-current="true"]`).AttrOr("data-system", ""); cur != "whole_sign" {
		t.Errorf("current system after the switch %q", cur)
	}
	if v := wd.Find(`[data-testid="reading-form"] input[name="query"]`).AttrOr("value", ""); !strings.Contains(v, "house_system=whole_sign") {
		t.Errorf("reading query %q", v)
	}
	if back := wd.Find(`[data-testid="astro-house-link"][data-system="placidus"]`).AttrOr("href", ""); strings.Contains(back, "house_system") {
		t.Errorf("placidus link %q", back)
	}
	// The Sun's house may change; its sign does not.
	if wd.Find(`[data-testid="astro-position"][data-body="sun"] [data-testid="astro-position-sign"]`).AttrOr("data-sign", "") != "capricorn" {
		t.Error("the sign changed with the houses")
	}
	// A bad house system is named on an error page.
	if res := app.Get(t, "/astrology?"+astroQuery+"&house_system=koch"); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Placidus") {
		t.Errorf("bad house system: %d", res.StatusCode)
	}
}

// Without the time: no houses, no angles, and the note.
func TestAstroUnknownTime(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/astrology?date=1990-01-01&tz=America%2FNew_York")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if d.Find(`[data-testid="astro-house-number"]`).Length() != 0 || d.Find(`[data-testid="astro-angle"]`).Length() != 0 || d.Find(`[data-testid="astro-house-link"]`).Length() != 0 {
		t.Error("houses or angles without a time")
	}
	if got := text(d, `[data-testid="astro-warning"]`); !strings.Contains(got, "noon") {
		t.Errorf("warning %q", got)
	}
	if d.Find(`[data-testid="astro-no-houses"]`).Length() != 1 || d.Find(`[data-testid="astro-rising-unknown"]`).Length() != 1 {
		t.Error("no note on the missing houses and rising sign")
	}
	if d.Find(`[data-testid="astro-ziwei-link"]`).Length() != 0 {
		t.Error("a Zi Wei link without a time")
	}
	if n := d.Find(`[data-testid="astro-body-glyph"]`).Length(); n != 11 {
		t.Errorf("%d body glyphs", n)
	}
	// The polar fallback is said.
	res = app.Get(t, "/astrology?date=1990-01-01&time=12:00&tz=UTC&lat=78.2&lon=15.6")
	if res.StatusCode != 200 || !strings.Contains(text(testutil.HTML(t, res.Body), `[data-testid="astro-warning"]`), "Placidus") {
		t.Errorf("polar: %d", res.StatusCode)
	}
}

// Bad birth data is shown on the birth form, next to its field, and the
// form leads back to the natal chart; the time may be unknown and the
// gender left out.
func TestAstroPageRefusesBadInputOnTheForm(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/astrology")
	if res.StatusCode != 200 {
		t.Fatalf("GET /astrology: %d", res.StatusCode)
	}
	if v, _ := testutil.HTML(t, res.Body).Find(`input[name="view"]`).Attr("value"); v != "astrology" {
		t.Error("the module's form does not lead to the natal chart")
	}
	res = app.Get(t, "/astrology?date=1990-01-01&time=06:30&tz=America%2FNew_York&lon=-74")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if msg := text(d, `#err-lat`); msg == "" {
		if msg = text(d, `#err-place`); msg == "" {
			t.Errorf("no message next to the latitude\n%.2000s", res.Body)
		}
	}
	if v, _ := d.Find(`input[name="view"]`).Attr("value"); v != "astrology" {
		t.Error("the form does not lead back to the natal chart")
	}
	res = app.Get(t, "/astrology?date=1990-02-30&tz=UTC")
	if res.StatusCode != http.StatusUnprocessableEntity || text(testutil.HTML(t, res.Body), `#err-date`) == "" {
		t.Errorf("bad date: %d", res.StatusCode)
	}
	form := url.Values{"date": {"1990-01-01"}, "time": {""}, "time_unknown": {"on"}, "tz": {"America/New_York"}, "view": {"astrology"}}
	res = app.PostForm(t, "/chart", form)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/astrology?") || strings.Contains(res.Header.Get("Location"), "gender") {
		t.Errorf("form → %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	form = url.Values{"date": {"1990-01-01"}, "time": {"06:30"}, "place": {"New York"}, "view": {"astrology"}}
	res = app.PostForm(t, "/chart", form)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/astrology?") || !strings.Contains(loc, "lat=") {
		t.Fatalf("form with a place → %d %q", res.StatusCode, loc)
	}
	if res := app.Get(t, loc); res.StatusCode != 200 {
		t.Errorf("GET %s: %d", loc, res.StatusCode)
	}
}

// The chart, the board and the natal chart link to each other.
func TestAstroLinksBetweenViews(t *testing.T) {
	app := startAPI(t)
	q := boardQuery + "&lon=121.47&lat=31.23"
	chart := testutil.HTML(t, app.Get(t, "/chart?"+q).Body)
	href := chart.Find(`[data-testid="astro-link"]`).AttrOr("href", "")
	if !strings.HasPrefix(href, "/astrology?") {
		t.Fatalf("chart → astrology %q", href)
	}
	board := testutil.HTML(t, app.Get(t, "/ziwei?"+q).Body)
	if h := board.Find(`[data-testid="ziwei-astro-link"]`).AttrOr("href", ""); h != href {
		t.Errorf("board → astrology %q, chart → %q", h, href)
	}
	res := app.Get(t, href)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", href, res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if h := d.Find(`[data-testid="astro-chart-link"]`).AttrOr("href", ""); h != "/chart?"+strings.TrimPrefix(href, "/astrology?") {
		t.Errorf("astrology → chart %q", h)
	}
	if h := d.Find(`[data-testid="astro-ziwei-link"]`).AttrOr("href", ""); h != "/ziwei?"+strings.TrimPrefix(href, "/astrology?") {
		t.Errorf("astrology → board %q", h)
	}
	// A birth without coordinates opens the form, asking for the place.
	if res := app.Get(t, "/astrology?"+boardQuery); res.StatusCode != http.StatusUnprocessableEntity || testutil.HTML(t, res.Body).Find(`input[name="view"][value="astrology"]`).Length() != 1 {
		t.Errorf("astrology without coordinates: %d", res.StatusCode)
	}
	// Without a gender the way back is the form, which asks for it.
	d = testutil.HTML(t, app.Get(t, "/astrology?"+astroQuery).Body)
	if h := d.Find(`[data-testid="astro-chart-link"]`).AttrOr("href", ""); !strings.HasPrefix(h, "/chart/new?") {
		t.Errorf("astrology without gender → chart %q", h)
	}
}

// A saved chart opens as a natal chart for its owner only, and its share
// link serves it with the owner's privacy choices.
func TestSavedAndSharedAstrology(t *testing.T) {
	app := testutil.StartApp(t)
	u, br := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("astro")})
	id := saveChart(t, br, nil)
	path := "/charts/" + strconv.FormatInt(id, 10)
	chart := testutil.HTML(t, br.Get(t, path).Body)
	if href, _ := chart.Find(`[data-testid="astro-link"]`).Attr("href"); href != path+"/astrology" {
		t.Errorf("saved chart links to astrology at %q", href)
	}
	res := br.Get(t, path+"/astrology")
	if res.StatusCode != 200 {
		t.Fatalf("GET %s/astrology: %d", path, res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if got := text(d, `[data-testid="astro-title"]`); !strings.Contains(got, "Grandma Wen") {
		t.Errorf("title %q", got)
	}
	if href := d.Find(`[data-testid="astro-house-link"][data-system="equal"]`).AttrOr("href", ""); href != path+"/astrology?house_system=equal" {
		t.Errorf("house link %q stays off the saved chart", href)
	}
	if res := br.Get(t, path+"/astrology?house_system=equal"); res.StatusCode != 200 {
		t.Errorf("saved, equal houses: %d", res.StatusCode)
	}
	if v, _ := d.Find(`[data-testid="reading-form"] input[name="chart_id"]`).Attr("value"); v != strconv.FormatInt(id, 10) {
		t.Errorf("the reading is not kept with the saved chart (chart_id %q)", v)
	}
	if h := d.Find(`[data-testid="astro-ziwei-link"]`).AttrOr("href", ""); h != path+"/ziwei" {
		t.Errorf("saved astrology → board %q", h)
	}
	if h := testutil.HTML(t, br.Get(t, path+"/ziwei").Body).Find(`[data-testid="ziwei-astro-link"]`).AttrOr("href", ""); h != path+"/astrology" {
		t.Errorf("saved board → astrology %q", h)
	}
	_, other := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("astro-other")})
	if res := other.Get(t, path+"/astrology"); res.StatusCode != 404 {
		t.Errorf("another user: %d", res.StatusCode)
	}
	if res := app.NewSession().Get(t, path+"/astrology"); res.StatusCode == 200 {
		t.Errorf("a guest: %d", res.StatusCode)
	}
	if res := br.PostForm(t, path+"/share", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("share: %d", res.StatusCode)
	}
	token := *loadChart(t, app, u.ID, id).ShareToken
	visitor := app.NewSession()
	shared := visitor.Get(t, "/s/"+token+"/astrology")
	if shared.StatusCode != 200 || shared.Header.Get("X-Robots-Tag") != "noindex" {
		t.Fatalf("shared astrology: %d", shared.StatusCode)
	}
	sd := testutil.HTML(t, shared.Body)
	if strings.Contains(shared.Body, "Grandma Wen") || sd.Find(`[data-testid="reading-form"]`).Length() != 0 {
		t.Error("the shared chart shows the name or a reading form")
	}
	if sd.Find(`[data-testid="astro-sign"]`).Length() != 12 || strings.Contains(shared.Body, "date=1990") {
		t.Error("the shared chart is missing or leaks the birth query")
	}
	if href, _ := testutil.HTML(t, visitor.Get(t, "/s/"+token).Body).Find(`[data-testid="astro-link"]`).Attr("href"); href != "/s/"+token+"/astrology" {
		t.Errorf("the shared chart links to astrology at %q", href)
	}
	if h := testutil.HTML(t, visitor.Get(t, "/s/"+token+"/ziwei").Body).Find(`[data-testid="ziwei-astro-link"]`).AttrOr("href", ""); h != "/s/"+token+"/astrology" {
		t.Errorf("shared board → astrology %q", h)
	}
	if res := visitor.Get(t, "/s/"+strings.Repeat("x", 43)+"/astrology"); res.StatusCode != 404 {
		t.Errorf("unknown token: %d", res.StatusCode)
	}
}

// The natal page leads to the transits of the same birth and to a
// synastry with it as person A (the form then asks for person B).
func TestAstroLinksToTransitsAndSynastry(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/astrology?date=1990-05-15&time=14%3A30&tz=Asia%2FShanghai&lat=30.29&lon=120.16&gender=female&house_system=equal").Body)
	tr, _ := d.Find(`[data-testid="astro-transits-link"]`).Attr("href")
	syn, _ := d.Find(`[data-testid="astro-synastry-link"]`).Attr("href")
	if !strings.HasPrefix(tr, "/astrology/transits?") || !strings.HasPrefix(syn, "/astrology/synastry?a=") {
		t.Fatalf("links %q and %q", tr, syn)
	}
	if res := app.Get(t, tr); res.StatusCode != 200 {
		t.Errorf("transits link: %d", res.StatusCode)
	}
	res := app.Get(t, syn)
	if res.StatusCode != 200 {
		t.Fatalf("synastry link: %d", res.StatusCode)
	}
	if v, _ := testutil.HTML(t, res.Body).Find(`[name="a"]`).Attr("value"); !strings.Contains(v, "1990-05-15") {
		t.Errorf("person A is not filled in: %q", v)
	}
}
