package handlers_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

func cellOf(d *goquery.Document, date string) *goquery.Selection {
	return d.Find(`[data-testid="calendar-day"][data-date="` + date + `"]`)
}

// Each calendar day shows its lunar day; the first of a lunar month shows
// the month (闰 for a leap month), in the page's script; solar terms are
// named in the page's language.
func TestCalendarLunarDaysAndTerms(t *testing.T) {
	app := testutil.StartApp(t)
	b := app.NewSession()
	for _, c := range []struct {
		lang, leap, full, term, termLabel string
	}{
		{"en", "闰四月", "十五", "惊蛰", "Awakening of Insects"},
		{"zh-Hans", "闰四月", "十五", "惊蛰", ""},
		{"zh-Hant", "閏四月", "十五", "驚蟄", ""},
	} {
		// 2020-05-23 is 闰四月初一; 2020-05-07 is 四月十五.
		d := dailyGet(t, b, "/calendar?year=2020&month=5&lang="+c.lang, http.StatusOK)
		leap := cellOf(d, "2020-05-23").Find(`[data-testid="day-lunar"]`)
		if strings.TrimSpace(leap.Text()) != c.leap || leap.AttrOr("data-month", "") != "true" {
			t.Errorf("%s: 2020-05-23 shows %q, want %q as a month's first day", c.lang, leap.Text(), c.leap)
		}
		if got := strings.TrimSpace(cellOf(d, "2020-05-07").Find(`[data-testid="day-lunar"]`).Text()); got != c.full {
			t.Errorf("%s: 2020-05-07 shows %q, want %q", c.lang, got, c.full)
		}
		if c.lang == "en" && !strings.Contains(leap.AttrOr("title", ""), "leap lunar month 4") {
			t.Errorf("en: the leap month's title %q should say it in English", leap.AttrOr("title", ""))
		}
		if n := testutil.ByTestID(d, "day-lunar").Length(); n != 31 {
			t.Errorf("%s: %d days show a lunar day, want 31", c.lang, n)
		}
		// 2020-04-23 is 四月初一 (the month before the leap month).
		d = dailyGet(t, b, "/calendar?year=2020&month=4&lang="+c.lang, http.StatusOK)
		if got := strings.TrimSpace(cellOf(d, "2020-04-23").Find(`[data-testid="day-lunar"]`).Text()); got != "四月" {
			t.Errorf("%s: 2020-04-23 shows %q, want 四月", c.lang, got)
		}
		// 惊蛰 falls on 2024-03-05.
		d = dailyGet(t, b, "/calendar?year=2024&month=3&lang="+c.lang, http.StatusOK)
		cell := cellOf(d, "2024-03-05")
		if got := cell.Find(`[data-testid="day-term"]`).Text(); !strings.Contains(got, c.term) {
			t.Errorf("%s: 2024-03-05 term %q, want %q", c.lang, got, c.term)
		}
		if c.termLabel != "" && !strings.Contains(cell.Find(`[data-testid="day-term-label"]`).Text(), c.termLabel) {
			t.Errorf("%s: 2024-03-05 term label %q, want %q", c.lang, cell.Find(`[data-testid="day-term-label"]`).Text(), c.termLabel)
		}
		if href := cell.AttrOr("href", ""); !strings.HasPrefix(href, "/daily?date=2024-03-05") {
			t.Errorf("%s: the day links to %q, want its day page", c.lang, href)
		}
	}
}

// The day page shows the whole almanac in each language: 宜忌, the
// officer, clash, deity (黄道/黑道), mansion, 彭祖百忌, the spirits'
// directions and the twelve hours, each term opening to its explanation.
func TestDayPageAlmanacInEveryLanguage(t *testing.T) {
	app := testutil.StartApp(t)
	b := app.NewSession()
	for _, c := range []struct{ lang, officer, deity, lunar, pengzu, clash string }{
		{"en", "Full", "Golden Casket", "正月初一", "do not open granaries", "Dog"},
		{"zh-Hans", "满", "金匮", "正月初一", "甲不开仓财物耗散", "冲狗（戊戌），煞南"},
		{"zh-Hant", "滿", "金匱", "正月初一", "甲不開倉財物耗散", "衝狗（戊戌），煞南"},
		{"ja", "満", "金匱", "1月1日", "甲", "犬"},
		{"ko", "만", "금궤", "1월 1일", "갑", "개"},
	} {
		d := dailyGet(t, b, "/daily?date=2024-02-10&lang="+c.lang, http.StatusOK)
		for _, id := range []string{"almanac-yi", "almanac-ji", "almanac-officer", "almanac-clash", "almanac-deity", "almanac-mansion", "almanac-pengzu", "almanac-directions", "almanac-hours"} {
			s := testutil.ByTestID(d, id)
			if s.Length() != 1 {
				t.Errorf("%s: no %s section", c.lang, id)
				continue
			}
			if s.Find("details.term").Length() == 0 {
				t.Errorf("%s: %s has no term to tap for its explanation", c.lang, id)
			}
		}
		text := func(id string) string { return strings.Join(strings.Fields(testutil.ByTestID(d, id).Text()), " ") }
		if !strings.Contains(text("almanac-lunar"), c.lunar) || !strings.Contains(text("almanac-ganzhi"), "甲辰年 丙寅月 甲辰日") {
			t.Errorf("%s: lunar line %q", c.lang, text("almanac-lunar"))
		}
		if !strings.Contains(text("almanac-officer"), c.officer) || !strings.Contains(text("almanac-deity"), c.deity) || !strings.Contains(text("almanac-clash"), c.clash) {
			t.Errorf("%s: officer %q deity %q clash %q", c.lang, text("almanac-officer"), text("almanac-deity"), text("almanac-clash"))
		}
		if testutil.ByTestID(d, "almanac-deity").AttrOr("data-lucky", "") != "true" {
			t.Errorf("%s: 金匮 is a 黄道 day", c.lang)
		}
		if !strings.Contains(text("almanac-pengzu"), c.pengzu) {
			t.Errorf("%s: 彭祖百忌 %q", c.lang, text("almanac-pengzu"))
		}
		if n := testutil.ByTestID(d, "yi-item").Length(); n == 0 || testutil.ByTestID(d, "ji-item").Length() == 0 {
			t.Errorf("%s: 宜 %d items", c.lang, n)
		}
		if n := testutil.ByTestID(d, "direction").Length(); n != 5 {
			t.Errorf("%s: %d directions, want 喜神 福神 财神 and the two nobles", c.lang, n)
		}
		if n := testutil.ByTestID(d, "almanac-hour").Length(); n != 12 || d.Find(`[data-testid="almanac-hour"][data-lucky="true"]`).Length() == 0 {
			t.Errorf("%s: %d hours", c.lang, n)
		}
		if body := d.Text(); strings.Contains(body, "almanac.") || strings.Contains(body, "term.almanac") {
			t.Errorf("%s: a raw translation key is shown", c.lang)
		}
	}
	// The glossary explains the almanac's terms.
	g := dailyGet(t, b, "/glossary?lang=en", http.StatusOK)
	for _, id := range []string{"almanac-officer", "almanac-huangdao", "almanac-pengzu", "almanac-hours"} {
		if g.Find("#"+id).Length() != 1 {
			t.Errorf("glossary has no entry #%s", id)
		}
	}
}

// A signed-in user with a main chart gets a score whose breakdown adds up
// to it, on /daily and in the home page's today card; a guest's home page
// has no card.
func TestDailyScoreAndHomeWidget(t *testing.T) {
	now := time.Date(2024, 2, 6, 4, 0, 0, 0, time.UTC) // 12:00 in Beijing
	app := testutil.StartApp(t, testutil.WithServerOptions(server.WithClock(func() time.Time { return now })))
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("daily-score"), Verified: true})
	histSave(t, app, u.ID, histChart{Name: "Wu Day", Date: "2000-01-01", Time: "12:00", Gender: "male"})
	b := app.NewSession()
	b.SignIn(t, u.ID)
	for _, lang := range uiLangs {
		d := dailyGet(t, b, "/daily?date=2024-02-06&time=12:00&lang="+lang, http.StatusOK)
		card := testutil.ByTestID(d, "daily-score")
		total, err := strconv.Atoi(card.AttrOr("data-score", ""))
		if err != nil || total < 0 || total > 100 {
			t.Fatalf("%s: score %q", lang, card.AttrOr("data-score", ""))
		}
		sum := 0
		keys := map[string]bool{}
		testutil.ByTestID(card, "score-part").Each(func(_ int, s *goquery.Selection) {
			n, _ := strconv.Atoi(s.AttrOr("data-points", "x"))
			sum += n
			keys[s.AttrOr("data-key", "")] = true
		})
		if sum != total {
			t.Errorf("%s: the breakdown adds up to %d, the score is %d", lang, sum, total)
		}
		// 2024-02-06 is a 庚子 day: 子午冲 with the 戊午 day pillar.
		for _, k := range []string{"base", "tengod", "branch_chong", "element", "deity", "officer"} {
			if !keys[k] {
				t.Errorf("%s: no %s part in the breakdown %v", lang, k, keys)
			}
		}
		if !strings.Contains(card.Text(), "子午冲") || testutil.ByTestID(card, "score-rule").Length() < 4 {
			t.Errorf("%s: the parts should carry their rules", lang)
		}
		if testutil.ByTestID(card, "score-summary").Find("p").Length() < 2 {
			t.Errorf("%s: no plain-language summary", lang)
		}
		if lang == "en" {
			if !strings.Contains(card.Text(), "Against it:") {
				t.Errorf("en summary %q should name what counts against the day", testutil.ByTestID(card, "score-summary").Text())
			}
		}
	}
	daily := dailyGet(t, b, "/daily?lang=en", http.StatusOK)
	home := dailyGet(t, b, "/?lang=en", http.StatusOK)
	w := testutil.ByTestID(home, "home-today-score")
	if w.Length() != 1 || w.AttrOr("data-score", "") != testutil.ByTestID(daily, "daily-score").AttrOr("data-score", "-") {
		t.Errorf("home widget score %q, /daily %q", w.AttrOr("data-score", ""), testutil.ByTestID(daily, "daily-score").AttrOr("data-score", "-"))
	}
	if testutil.ByTestID(home, "home-today-summary").Text() == "" || testutil.ByTestID(home, "home-today-link").AttrOr("href", "") != "/daily" {
		t.Error("the home widget needs a summary and a link to /daily")
	}
	guest := dailyGet(t, app.NewSession(), "/?lang=en", http.StatusOK)
	if testutil.ByTestID(guest, "home-today").Length() != 0 {
		t.Error("a guest's home page shows a today card")
	}
}

// A guest's zone choice moves "today" across the date line and is
// remembered; a refused zone is named next to the field.
func TestGuestZoneAtTheDateLine(t *testing.T) {
	// 11:00 UTC: already the 11th in Kiritimati (UTC+14), still the 10th
	// in Pago Pago (UTC−11).
	now := time.Date(2024, 2, 10, 11, 0, 0, 0, time.UTC)
	app := testutil.StartApp(t, testutil.WithServerOptions(server.WithClock(func() time.Time { return now })))
	b := app.NewSession()
	date := func(d *goquery.Document) string {
		return strings.Fields(testutil.ByTestID(d, "daily-date").Text())[0]
	}
	if got := date(dailyGet(t, b, "/daily?tz=Pacific/Kiritimati&lang=en", http.StatusOK)); got != "2024-02-11" {
		t.Errorf("Kiritimati: today is %s, want 2024-02-11", got)
	}
	// Remembered without ?tz=, on /daily and /calendar.
	d := dailyGet(t, b, "/daily?lang=en", http.StatusOK)
	if got := date(d); got != "2024-02-11" {
		t.Errorf("remembered zone: today is %s, want 2024-02-11", got)
	}
	if v := testutil.ByTestID(d, "tz-form").Find(`input[name="tz"]`).AttrOr("value", ""); v != "Pacific/Kiritimati" {
		t.Errorf("the zone field shows %q", v)
	}
	cal := dailyGet(t, b, "/calendar?lang=en", http.StatusOK)
	if cellOf(cal, "2024-02-11").AttrOr("data-today", "") != "true" {
		t.Error("the calendar's today should be the 11th in Kiritimati")
	}
	if got := date(dailyGet(t, b, "/daily?tz=Pacific/Pago_Pago&lang=en", http.StatusOK)); got != "2024-02-10" {
		t.Errorf("Pago Pago: today is %s, want 2024-02-10", got)
	}
	// A refused zone: 400, the message next to the field, the page still read.
	d = dailyGet(t, b, "/daily?tz=Atlantis/Capital&lang=en", http.StatusBadRequest)
	if msg := testutil.ByTestID(testutil.ByTestID(d, "tz-form"), "tz-error").Text(); !strings.Contains(msg, "Atlantis/Capital") {
		t.Errorf("tz error %q", msg)
	}
	if testutil.ByTestID(d, "almanac").Length() != 1 {
		t.Error("a refused zone should still show the day")
	}
}

// A signed-in user without ?tz= reads "today" on their profile's default
// place's zone, and the page says where the zone came from.
func TestSignedInZoneFromProfile(t *testing.T) {
	now := time.Date(2024, 2, 10, 11, 0, 0, 0, time.UTC)
	app := testutil.StartApp(t, testutil.WithServerOptions(server.WithClock(func() time.Time { return now })))
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("daily-zone"), Verified: true})
	if err := app.Server.Users.Update(t.Context(), u.ID, map[string]any{"default_place": "Auckland"}); err != nil {
		t.Fatal(err)
	}
	b := app.NewSession()
	b.SignIn(t, u.ID)
	d := dailyGet(t, b, "/daily?lang=en", http.StatusOK)
	form := testutil.ByTestID(d, "tz-form")
	if v := form.Find(`input[name="tz"]`).AttrOr("value", ""); v != "Pacific/Auckland" {
		t.Fatalf("zone %q, want the profile place's Pacific/Auckland", v)
	}
	// 11:00 UTC is midnight in Auckland (UTC+13 in February): the 11th.
	if got := strings.Fields(testutil.ByTestID(d, "daily-date").Text())[0]; got != "2024-02-11" {
		t.Errorf("today is %s, want 2024-02-11 in Auckland", got)
	}
	if !strings.Contains(form.Text(), "profile") {
		t.Error("the page should say the zone comes from the profile")
	}
}
