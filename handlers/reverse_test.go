package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// reverseCandidate is one candidate as the page shows it.
type reverseCandidate struct{ start, end, href string }

func reverseCandidates(t *testing.T, body string) []reverseCandidate {
	t.Helper()
	var out []reverseCandidate
	testutil.ByTestID(testutil.HTML(t, body), "reverse-candidate").Each(func(_ int, s *goquery.Selection) {
		out = append(out, reverseCandidate{start: s.AttrOr("data-start", ""), end: s.AttrOr("data-end", ""),
			href: s.Find(`[data-testid="reverse-chart-link"]`).AttrOr("href", "")})
	})
	return out
}

// pillarsOfQuery computes the chart of a chart page's query, as the page does.
func pillarsOfQuery(t *testing.T, query string) bazi.Pillars {
	t.Helper()
	req, _, err := chartinput.ParseQuery(query)
	if err != nil {
		t.Fatalf("chart query %q: %v", query, err)
	}
	doc, err := chartinput.Build(req, time.Now())
	if err != nil {
		t.Fatalf("chart %q: %v", query, err)
	}
	return doc.FourPillars
}

// A known chart's pillars give back its birth time, and the candidate's
// link opens a chart with the same pillars; without the hour, the whole
// day; in pinyin as in characters.
func TestReversePageFindsAKnownBirth(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct{ name, birth, zi string }{
		{"morning", "date=1990-06-01&time=08:20&tz=%2B08:00&gender=female", ""},
		{"late zi, next day", "date=1988-02-15&time=23:30&tz=%2B08:00&gender=male", ""},
		{"late zi, split", "date=1988-02-15&time=23:30&tz=%2B08:00&gender=male&zi_rule=split", "split"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := pillarsOfQuery(t, tc.birth)
			birth, _ := url.ParseQuery(tc.birth)
			at := birth.Get("date") + " " + birth.Get("time")
			q := url.Values{"year": {want.Year.String()}, "month": {want.Month.String()}, "day": {want.Day.String()}, "hour": {want.Hour.String()}}
			if tc.zi != "" {
				q.Set("zi_rule", tc.zi)
			}
			res := app.Get(t, "/reverse?"+q.Encode())
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			var hit *reverseCandidate
			cands := reverseCandidates(t, res.Body)
			for i, c := range cands {
				if c.start <= at && at < c.end {
					hit = &cands[i]
				}
			}
			if hit == nil {
				t.Fatalf("no candidate holds %s: %+v", at, cands)
			}
			if !strings.HasPrefix(hit.href, "/chart?") {
				t.Fatalf("link %q", hit.href)
			}
			if got := pillarsOfQuery(t, strings.TrimPrefix(hit.href, "/chart?")); got != want {
				t.Errorf("the link's chart has %v, want %v", got, want)
			}
			page := app.Get(t, hit.href)
			if page.StatusCode != http.StatusOK {
				t.Fatalf("chart link %s: %d", hit.href, page.StatusCode)
			}
			grid := testutil.ByTestID(testutil.HTML(t, page.Body), "pillars").Text()
			for _, g := range []bazi.GanZhi{want.Year, want.Month, want.Day, want.Hour} {
				if !strings.Contains(grid, g.Stem().String()) || !strings.Contains(grid, g.Branch().String()) {
					t.Errorf("chart page's pillars lack %s", g)
				}
			}
		})
	}

	// Without the hour, in pinyin: the whole day, and its link opens a
	// chart without a time whose three pillars are these.
	want := pillarsOfQuery(t, "date=1990-06-01&time=12:00&tz=%2B08:00&gender=male")
	q := url.Values{"year": {"Geng Wu"}, "month": {"xin si"}, "day": {want.Day.String()}, "from": {"1900"}, "to": {"2000"}}
	if want.Year.String() != "庚午" || want.Month.String() != "辛巳" {
		t.Fatalf("test birth has %v", want)
	}
	res := app.Get(t, "/reverse?"+q.Encode())
	cands := reverseCandidates(t, res.Body)
	var day *reverseCandidate
	for i, c := range cands {
		if c.start <= "1990-06-01 12:00" && "1990-06-01 12:00" < c.end {
			day = &cands[i]
		}
	}
	if day == nil {
		t.Fatalf("no whole day for 1990-06-01: %+v", cands)
	}
	if day.start != "1990-05-31 23:00" || day.end != "1990-06-01 23:00" || strings.Contains(day.href, "time=") {
		t.Errorf("day candidate %+v", day)
	}
	if got := pillarsOfQuery(t, strings.TrimPrefix(day.href, "/chart?")); got.Year != want.Year || got.Month != want.Month || got.Day != want.Day || got.HasHour {
		t.Errorf("the day's chart has %v", got)
	}
}

// A month stem that does not follow the year stem is explained by 五虎遁,
// an hour stem that does not follow the day stem by 五鼠遁, each with its
// rule, in the page's language; a range without the year says so.
func TestReversePageExplainsAnImpossibleCombination(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct {
		lang, query string
		why         []string
		rhyme       string
	}{
		{"en", "year=甲子&month=甲寅&day=甲子", []string{"In a 甲 year the 寅 month is 丙寅, never 甲寅", "五虎遁"}, "甲己之年丙作首"},
		{"zh-Hans", "year=甲子&month=甲寅&day=甲子", []string{"甲年的寅月是丙寅，不可能是甲寅", "五虎遁"}, "甲己之年丙作首"},
		{"zh-Hant", "year=乙丑&month=丙寅&day=甲子", []string{"乙年的寅月是戊寅，不可能是丙寅"}, "乙庚之歲戊為頭"},
		{"en", "year=甲子&month=丙寅&day=乙丑&hour=甲子", []string{"On a 乙 day the 子 hour is 丙子, never 甲子", "五鼠遁"}, "乙庚丙作初"},
		{"zh-Hans", "year=甲子&month=丙寅&day=乙丑&hour=甲子", []string{"乙日的子时是丙子，不可能是甲子"}, "乙庚丙作初"},
		{"en", "year=甲子&month=丙寅&day=甲子&from=1990&to=2000", []string{"No year from 1990 to 2000 is a 甲子 year", "1984 and 2044"}, ""},
	} {
		res := app.Get(t, "/reverse?"+tc.query+"&lang="+tc.lang)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: status %d", tc.lang, tc.query, res.StatusCode)
		}
		d := testutil.HTML(t, res.Body)
		box := testutil.ByTestID(d, "reverse-impossible")
		if box.Length() != 1 || testutil.ByTestID(d, "reverse-candidate").Length() != 0 {
			t.Fatalf("%s %s: no explanation", tc.lang, tc.query)
		}
		for _, w := range tc.why {
			if !strings.Contains(box.Text(), w) {
				t.Errorf("%s %s: explanation %q lacks %q", tc.lang, tc.query, strings.TrimSpace(box.Text()), w)
			}
		}
		if got := testutil.ByTestID(d, "reverse-rhyme").Text(); got != tc.rhyme {
			t.Errorf("%s %s: rhyme %q, want %q", tc.lang, tc.query, got, tc.rhyme)
		}
		// The rule's name opens to its explanation, without JavaScript.
		if tc.rhyme != "" && testutil.ByTestID(d, "reverse-rule").Find("details.term .term-pop").Length() != 1 {
			t.Errorf("%s %s: the rule is not explained on tap", tc.lang, tc.query)
		}
	}
}

// An hour before the 节 that starts the month, on the only such day in
// the range, is explained as outside the month.
func TestReversePageExplainsAnHourBeforeTheSolarTerm(t *testing.T) {
	app := startAPI(t)
	p := pillarsOfQuery(t, "date=1990-02-04&time=03:30&tz=%2B08:00&gender=male") // before 立春 (about 10:14)
	after := pillarsOfQuery(t, "date=1990-02-04&time=12:00&tz=%2B08:00&gender=male")
	q := url.Values{"year": {after.Year.String()}, "month": {after.Month.String()}, "day": {p.Day.String()}, "hour": {p.Hour.String()}, "from": {"1980"}, "to": {"2000"}}
	d := testutil.HTML(t, app.Get(t, "/reverse?"+q.Encode()).Body)
	why := testutil.ByTestID(d, "reverse-why").Text()
	if !strings.Contains(why, "only on 1990-02-04") || !strings.Contains(why, "solar term") {
		t.Errorf("explanation %q", why)
	}
}

// Bad fields get the form back (422) with the message next to each
// field and the input kept; nothing is looked up.
func TestReversePageRefusesBadInput(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/reverse?year=甲丑&month=&day=jia+zi&hour=xyz&from=1700&to=2000&zi_rule=whenever")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	for field, want := range map[string]string{
		"year": "This is not one of the sixty pairs", "month": "Enter this pillar", "hour": "This is not one of the sixty pairs",
		"from": "Enter a year from 1800 to 2200.", "zi_rule": "Choose one of the options.",
	} {
		if got := testutil.ByTestID(d, "error-"+field).Text(); !strings.HasPrefix(got, want) {
			t.Errorf("%s: error %q, want %q", field, got, want)
		}
		if testutil.ByTestID(d, "field-"+field).AttrOr("aria-invalid", "") != "true" {
			t.Errorf("%s is not marked invalid", field)
		}
	}
	if testutil.ByTestID(d, "error-day").Length() != 0 {
		t.Error("jia zi refused")
	}
	if got := testutil.ByTestID(d, "field-year").AttrOr("value", ""); got != "甲丑" {
		t.Errorf("year kept as %q", got)
	}
	if testutil.ByTestID(d, "reverse-results").Length() != 0 {
		t.Error("looked up despite bad input")
	}
	res = app.Get(t, "/reverse?year=甲子&month=丙寅&day=甲子&from=2000&to=1990&lang=zh-Hans")
	if res.StatusCode != http.StatusUnprocessableEntity || testutil.ByTestID(testutil.HTML(t, res.Body), "error-from").Text() != "起始年不能晚于结束年。" {
		t.Errorf("reversed range: %d", res.StatusCode)
	}
	// No pillars: the empty form, in every language, without raw keys.
	for _, lang := range uiLangs {
		res := app.Get(t, "/reverse?lang="+lang)
		if res.StatusCode != http.StatusOK || testutil.ByTestID(testutil.HTML(t, res.Body), "reverse-form").AttrOr("method", "") != "get" {
			t.Fatalf("%s: %d", lang, res.StatusCode)
		}
		if strings.Contains(res.Body, ">reverse.") || strings.Contains(res.Body, ">term.") {
			t.Errorf("%s: untranslated key", lang)
		}
	}
}

// The API reads pillars as the page does: pinyin gives the same answer.
func TestReverseAPIReadsPinyin(t *testing.T) {
	app := startAPI(t)
	hans := app.Get(t, "/api/v1/reverse?year=%E6%88%8A%E8%BE%B0&month=%E7%94%B2%E5%AF%85&day=%E8%BE%9B%E4%B8%91&hour=%E6%88%8A%E5%AD%90&from=1980&to=2000")
	pinyin := app.Get(t, "/api/v1/reverse?year=wu+chen&month=Jiayin&day=x%C4%ABn+ch%C7%92u&hour=WU-ZI&from=1980&to=2000")
	if hans.StatusCode != 200 || pinyin.StatusCode != 200 || hans.Body != pinyin.Body {
		t.Errorf("characters %d %s\npinyin %d %s", hans.StatusCode, hans.Body, pinyin.StatusCode, pinyin.Body)
	}
}
