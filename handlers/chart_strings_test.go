package handlers_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// Issue 16, point 10: what the chart, daily and calendar pages print.

// Zones are named for people; abbreviations only where they name one zone.
func TestChartPageNamesTimeZonesForPeople(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct {
		query, lang, summary, clock, notInClock string
	}{
		{vectorQuery, "zh-Hans", "北京时间", "UTC+08:00", "CST"},
		{vectorQuery, "en", "Beijing time", "UTC+08:00", "CST"},
		{"date=1990-07-01&time=10%3A00&tz=America%2FChicago&gender=female", "en", "Chicago time", "UTC-05:00", "CDT"},
		{"date=1990-07-01&time=10%3A00&tz=Asia%2FTokyo&gender=female", "en", "Tokyo time", "JST UTC+09:00", ""},
		{"date=1990-07-01&time=10%3A00&tz=%2B05%3A30&gender=female", "zh-Hant", "UTC+05:30", "UTC+05:30", ""},
	} {
		d := testutil.HTML(t, app.Get(t, "/chart?"+tc.query+"&lang="+tc.lang).Body)
		summary := text(d, `[data-testid="chart-summary"]`)
		if !strings.Contains(summary, tc.summary) || strings.Contains(summary, "/") {
			t.Errorf("%s %s: summary %q, want %q and no IANA name", tc.query, tc.lang, summary, tc.summary)
		}
		clock := strings.Join(strings.Fields(text(d, `[data-testid="clock-time"]`)), " ")
		if !strings.Contains(clock, tc.clock) || (tc.notInClock != "" && strings.Contains(clock, tc.notInClock)) {
			t.Errorf("%s: clock %q, want %q without %q", tc.query, clock, tc.clock, tc.notInClock)
		}
	}
	// A chart without a birth time says so where the time would be.
	d := testutil.HTML(t, app.Get(t, "/chart?date=1988-07-01&tz=Asia%2FShanghai&gender=female&lang=zh-Hans").Body)
	if got := text(d, `[data-testid="chart-summary"]`); !strings.Contains(got, "时辰不详") {
		t.Errorf("time-unknown summary %q", got)
	}
}

// 神煞 rules are worded in the page's language.
func TestShenShaRulesAreInThePageLanguage(t *testing.T) {
	app := startAPI(t)
	latin := regexp.MustCompile(`[A-Za-z]`)
	for _, lang := range []string{"zh-Hans", "zh-Hant"} {
		d := testutil.HTML(t, app.Get(t, "/chart?"+vectorQuery+"&lang="+lang).Body)
		rules := texts(d.Find(`[data-testid="star-rule"]`))
		if len(rules) == 0 {
			t.Fatalf("%s: no rules", lang)
		}
		for _, r := range rules {
			if latin.MatchString(r) {
				t.Errorf("%s: rule %q is not in Chinese", lang, r)
			}
		}
	}
	d := testutil.HTML(t, app.Get(t, "/chart?"+vectorQuery+"&lang=en").Body)
	if got := strings.Join(texts(d.Find(`[data-testid="star-rule"]`)), " | "); !strings.Contains(got, "day stem 辛 →") {
		t.Errorf("en rules %q", got)
	}
}

// Solar terms are named once on Chinese pages and in English on English
// ones; the zone is named, not spelled as an IANA name.
func TestDailyAndCalendarNameTermsAndZones(t *testing.T) {
	app := startAPI(t)
	d := dailyGet(t, app, "/daily?date=2024-02-04&time=17:00&lang=zh-Hans", http.StatusOK)
	if got := strings.Join(strings.Fields(testutil.ByTestID(d, "term-now").Text()), " "); strings.Count(got, "立春") != 1 {
		t.Errorf("term-now %q names the term more than once", got)
	}
	if got := testutil.ByTestID(d, "daily-date").Text(); !strings.Contains(got, "北京时间") || strings.Contains(got, "Asia/") {
		t.Errorf("daily date %q", got)
	}
	d = dailyGet(t, app, "/calendar?year=2024&month=2&lang=en", http.StatusOK)
	if got := strings.Join(texts(testutil.ByTestID(d, "day-term-label")), " | "); !strings.Contains(got, "Start of Spring") || !strings.Contains(got, "Rain Water") {
		t.Errorf("English calendar terms %q", got)
	}
	if got := testutil.ByTestID(d, "calendar-zone").Text(); got != "Beijing time" {
		t.Errorf("calendar zone %q", got)
	}
	d = dailyGet(t, app, "/calendar?year=2024&month=2&lang=zh-Hant", http.StatusOK)
	if testutil.ByTestID(d, "day-term-label").Length() != 0 {
		t.Error("a Chinese calendar repeats the term names")
	}
}
