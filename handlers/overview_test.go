package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// overviewQuery is 1990-01-01 06:30 New York (Sun Capricorn, Moon Pisces,
// Sagittarius rising; 丙 day master; 命宫 in 戌).
const overviewQuery = "date=1990-01-01&time=06%3A30&tz=America%2FNew_York&lat=40.7128&lon=-74.006&gender=female"

// overviewRawKey catches an untranslated overview key on a page.
var overviewRawKey = regexp.MustCompile(`>\s*(overview|term\.[a-z_]+)\.[a-z0-9_.]+\s*<`)

func TestOverviewPageShowsThreeSystemsInEveryLanguage(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct{ lang, capricorn, sag, ming, agree string }{
		{"en", "Capricorn", "Sagittarius", "Life Palace", "agree"},
		{"zh-Hans", "摩羯座", "射手座", "命宫", "一致"},
		{"zh-Hant", "摩羯座", "射手座", "命宮", "一致"},
		{"ja", "山羊座", "射手座", "命宮", "一致"},
		{"ko", "염소자리", "사수자리", "명궁", "일치"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			res := app.Get(t, "/overview?"+overviewQuery+"&lang="+tc.lang)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			for _, re := range []*regexp.Regexp{rawKey, overviewRawKey} {
				if m := re.FindString(res.Body); m != "" {
					t.Errorf("untranslated key on the page: %s", m)
				}
			}
			d := testutil.HTML(t, res.Body)
			if n := d.Find(`[data-testid="overview-pillar"]`).Length(); n != 4 {
				t.Errorf("%d pillars, want 4", n)
			}
			if got := text(d, `[data-testid="overview-daymaster"]`); !strings.Contains(got, "丙") {
				t.Errorf("day master %q", got)
			}
			if got, _ := d.Find(`[data-testid="overview-strength"]`).Attr("data-label"); got == "" {
				t.Error("no strength band")
			}
			if got, _ := d.Find(`[data-testid="overview-ming"]`).Attr("data-branch"); got != "戌" {
				t.Errorf("命宫 branch %q", got)
			}
			if !strings.Contains(text(d, `[data-testid="overview-ziwei"]`), tc.ming) {
				t.Error("the Zi Wei part does not name the Life Palace")
			}
			if d.Find(`[data-testid="overview-ming-star"]`).Length() == 0 || text(d, `[data-testid="overview-class"]`) == "" || text(d, `[data-testid="overview-shen"]`) == "" {
				t.Error("the 命宫 stars, 身宫 or 五行局 are missing")
			}
			big3 := text(d, `[data-testid="overview-astro"]`)
			if !strings.Contains(big3, tc.capricorn) || !strings.Contains(big3, tc.sag) {
				t.Errorf("big three %q", big3)
			}
			for id, prefix := range map[string]string{"overview-chart-link": "/chart?", "overview-ziwei-link": "/ziwei?", "overview-astro-link": "/astrology?"} {
				if h, _ := d.Find(`[data-testid="` + id + `"]`).Attr("href"); !strings.HasPrefix(h, prefix) || !strings.Contains(h, "gender=female") {
					t.Errorf("%s → %q", id, h)
				}
			}
			points := d.Find(`[data-testid="overview-point"]`)
			if points.Length() != 4 {
				t.Fatalf("%d agreement points, want 4", points.Length())
			}
			if v, _ := points.First().Attr("data-verdict"); v != "agree" || !strings.Contains(points.First().Text(), tc.agree) {
				t.Errorf("element point %q %q", v, points.First().Text())
			}
			if text(d, `[data-testid="overview-rule"]`) == "" || text(d, `[data-testid="overview-why"]`) == "" {
				t.Error("a point without its rule or reason")
			}
			form := d.Find(`[data-testid="reading-form"]`)
			if topic, _ := form.Find(`input[name="topic"]`).Attr("value"); topic != "overview" {
				t.Errorf("reading topic %q", topic)
			}
			if q, _ := form.Find(`input[name="query"]`).Attr("value"); !strings.Contains(q, "gender=female") || !strings.Contains(q, "time=06") {
				t.Errorf("reading query %q", q)
			}
		})
	}
}

func TestOverviewWithoutTimeSaysWhatIsMissing(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/overview?date=1990-01-01&tz=America%2FNew_York&lat=40.7128&lon=-74.006&gender=female&lang=en")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if n := d.Find(`[data-testid="overview-pillar"]`).Length(); n != 3 {
		t.Errorf("%d pillars, want 3", n)
	}
	if got := text(d, `[data-testid="overview-ziwei-missing"]`); !strings.Contains(got, "hour of birth") {
		t.Errorf("Zi Wei does not say it needs the hour: %q", got)
	}
	if h, _ := d.Find(`[data-testid="overview-ziwei-form"]`).Attr("href"); !strings.HasPrefix(h, "/chart/new?") || !strings.Contains(h, "view=ziwei") {
		t.Errorf("the Zi Wei part links %q, want the birth form", h)
	}
	if got := text(d, `[data-testid="overview-astro-missing"]`); !strings.Contains(got, "Ascendant") || !strings.Contains(got, "time") {
		t.Errorf("astrology does not say the Ascendant needs a time: %q", got)
	}
	unknown := 0
	d.Find(`[data-testid="overview-point"]`).Each(func(_ int, s *goquery.Selection) {
		if v, _ := s.Attr("data-verdict"); v == "unknown" {
			unknown++
		}
	})
	if unknown != 2 {
		t.Errorf("%d points not compared, want career and relationships", unknown)
	}
}

func TestOverviewRefusesBadInputOnTheForm(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/overview?date=1990-13-01&time=06%3A30&tz=America%2FNew_York&gender=female")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if msg := text(d, `#err-date`); msg == "" || strings.Contains(msg, "error.") {
		t.Errorf("date error %q", msg)
	}
	if v, _ := d.Find(`input[name="view"]`).Attr("value"); v != "overview" {
		t.Error("the form does not lead back to the overview")
	}
	// The overview's own address is the birth form leading to it.
	res = app.Get(t, "/overview")
	if d := testutil.HTML(t, res.Body); res.StatusCode != 200 || d.Find(`input[name="view"][value="overview"]`).Length() != 1 {
		t.Errorf("GET /overview: %d, not the birth form leading to the overview", res.StatusCode)
	}
	form := url.Values{"date": {"1990-01-01"}, "time": {"06:30"}, "tz": {"America/New_York"}, "gender": {"female"}, "view": {"overview"}}
	res = app.PostForm(t, "/chart", form)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/overview?") {
		t.Errorf("form → %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// The chart page, the board and the natal chart link the overview of the
// same birth.
func TestOverviewIsLinkedFromEachSystem(t *testing.T) {
	app := startAPI(t)
	for path, id := range map[string]string{"/chart?": "overview-link", "/ziwei?": "ziwei-overview-link", "/astrology?": "astro-overview-link"} {
		d := testutil.HTML(t, app.Get(t, path+overviewQuery).Body)
		if h, _ := d.Find(`[data-testid="` + id + `"]`).Attr("href"); !strings.HasPrefix(h, "/overview?") || !strings.Contains(h, "date=1990-01-01") {
			t.Errorf("%s links the overview as %q", path, h)
		}
	}
}
