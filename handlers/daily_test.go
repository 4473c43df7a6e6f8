package handlers_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

func dailyGet(t *testing.T, b *testutil.App, path string, want int) *goquery.Document {
	t.Helper()
	res := b.Get(t, path)
	if res.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d\n%s", path, res.StatusCode, want, res.Body)
	}
	return testutil.HTML(t, res.Body)
}

func texts(s *goquery.Selection) []string {
	var out []string
	s.Each(func(_ int, e *goquery.Selection) { out = append(out, strings.Join(strings.Fields(e.Text()), " ")) })
	return out
}

// Known dates: 2000-01-01 is a 戊午 day; 2024-02-04 is 戊戌 and 立春 falls
// at 16:27 Beijing time, so the year and month pillars change that afternoon.
func TestDailyKnownPillarsAndTerms(t *testing.T) {
	app := testutil.StartApp(t)
	guest := app.NewSession()
	for _, c := range []struct {
		path     string
		pillars  string
		now, nxt string
	}{
		{"/daily?date=2000-01-01&time=12:00&lang=en", "己卯 丙子 戊午 戊午", "冬至", "小寒"},
		{"/daily?date=2024-02-04&time=12:00&lang=en", "癸卯 乙丑 戊戌 戊午", "大寒", "立春 Start of Spring · 2024-02-04 16:27"},
		{"/daily?date=2024-02-04&time=17:00&lang=en", "甲辰 丙寅 戊戌 辛酉", "立春 Start of Spring · 2024-02-04 16:27", "雨水"},
		// The day changes at 23:00, as in charts.
		{"/daily?date=2024-02-04&time=23:30&lang=en", "甲辰 丙寅 己亥 甲子", "立春", "雨水"},
	} {
		d := dailyGet(t, guest, c.path, http.StatusOK)
		if got := strings.Join(texts(testutil.ByTestID(d, "daily-pillar")), " "); got != c.pillars {
			t.Errorf("%s: pillars %q, want %q", c.path, got, c.pillars)
		}
		if got := testutil.ByTestID(d, "term-now").Text(); !strings.Contains(got, c.now) {
			t.Errorf("%s: current term %q, want %q", c.path, got, c.now)
		}
		if got := testutil.ByTestID(d, "term-next").Text(); !strings.Contains(got, c.nxt) {
			t.Errorf("%s: next term %q, want %q", c.path, got, c.nxt)
		}
		if testutil.ByTestID(d, "daily-guest").Length() != 1 || testutil.ByTestID(d, "note-line").Length() != 0 {
			t.Errorf("%s: a guest should see the sign-in prompt and no note", c.path)
		}
	}
	// Another zone: 2024-02-04 00:30 in New York is already 13:30 in Beijing, but the
	// day pillar follows the local date.
	d := dailyGet(t, guest, "/daily?date=2024-02-04&time=12:00&tz=America%2FNew_York", http.StatusOK)
	if got := texts(testutil.ByTestID(d, "daily-pillar")); len(got) != 4 || got[2] != "戊戌" {
		t.Errorf("New York pillars %v, want a 戊戌 day", got)
	}
}

// February 2024: 立春 on the 4th (16:27), 雨水 on the 19th, the month
// pillar turning to 丙寅 at 立春, Monday-first with the 1st on a Thursday.
func TestCalendarFebruary2024(t *testing.T) {
	app := testutil.StartApp(t)
	d := dailyGet(t, app.NewSession(), "/calendar?year=2024&month=2&lang=en", http.StatusOK)
	cells := d.Find(`[data-testid="calendar-grid"] tbody tr`).Find("td")
	if n := cells.Length(); n%7 != 0 || d.Find(`[data-testid="calendar-grid"] tbody tr`).Length() != n/7 {
		t.Fatalf("the table has %d day cells, not in weeks of 7", n)
	}
	if got := strings.Join(texts(d.Find(`[data-testid="calendar-grid"] thead th[scope="col"]`)), " "); got != "Mon Tue Wed Thu Fri Sat Sun" {
		t.Errorf("weekdays %q", got)
	}
	if first, _ := cells.Eq(3).Find(`[data-testid="calendar-day"]`).Attr("data-date"); first != "2024-02-01" {
		t.Errorf("the first day cell is %q, want 2024-02-01 on Thursday", first)
	}
	day := func(date string) *goquery.Selection {
		return d.Find(`[data-testid="calendar-day"][data-date="` + date + `"]`)
	}
	if got := testutil.ByTestID(day("2024-02-04"), "day-ganzhi").Text(); got != "戊戌" {
		t.Errorf("4 Feb is %q, want 戊戌", got)
	}
	if got := testutil.ByTestID(day("2024-02-04"), "day-term").Text(); !strings.Contains(got, "立春") || !strings.Contains(got, "16:27") {
		t.Errorf("4 Feb term %q, want 立春 16:27", got)
	}
	if got := testutil.ByTestID(day("2024-02-04"), "month-pillar").Text(); !strings.Contains(got, "丙寅") {
		t.Errorf("4 Feb month pillar %q, want 丙寅", got)
	}
	if got := testutil.ByTestID(day("2024-02-01"), "month-pillar").Text(); !strings.Contains(got, "乙丑") {
		t.Errorf("1 Feb month pillar %q, want 乙丑", got)
	}
	if got := testutil.ByTestID(day("2024-02-19"), "day-term").Text(); !strings.Contains(got, "雨水") {
		t.Errorf("19 Feb term %q, want 雨水", got)
	}
	if n := d.Find(`[data-testid="day-term"]`).Length(); n != 2 {
		t.Errorf("%d terms in February 2024, want 2", n)
	}
	if n := d.Find(`[data-testid="calendar-day"]`).Length(); n != 29 {
		t.Errorf("%d days in February 2024, want 29", n)
	}
	if href, _ := testutil.ByTestID(d, "calendar-next").Attr("href"); !strings.Contains(href, "year=2024&month=3") {
		t.Errorf("next month link %q", href)
	}
	if href, _ := testutil.ByTestID(d, "calendar-prev").Attr("href"); !strings.Contains(href, "year=2024&month=1") {
		t.Errorf("previous month link %q", href)
	}
	d = dailyGet(t, app.NewSession(), "/calendar?year=2024&month=12", http.StatusOK)
	if href, _ := testutil.ByTestID(d, "calendar-next").Attr("href"); !strings.Contains(href, "year=2025&month=1") {
		t.Errorf("December's next month link %q", href)
	}
}

// Refused parameters get a clear message and a 400, never a 500.
func TestDailyBadParameters(t *testing.T) {
	app := testutil.StartApp(t)
	b := app.NewSession()
	for _, c := range []struct{ path, testID, want string }{
		{"/daily?date=2024-02-30&lang=en", "daily-error", "2024-02-30"},
		{"/daily?date=yesterday&lang=en", "daily-error", "not a date"},
		{"/daily?date=1700-01-01&lang=en", "daily-error", "1800"},
		// A refused zone is named next to its field.
		{"/daily?tz=Mars%2FBase&lang=en", "tz-error", "Mars/Base"},
		{"/daily?time=25:00&lang=en", "daily-error", "25:00"},
		{"/calendar?year=2024&month=13&lang=en", "calendar-error", "13"},
		{"/calendar?year=2024&month=0&lang=en", "calendar-error", "not a month"},
		{"/calendar?year=1799&month=1&lang=en", "calendar-error", "1800"},
		{"/calendar?year=2201&month=1&lang=en", "calendar-error", "2200"},
		{"/calendar?year=abc&lang=en", "calendar-error", "1800"},
		{"/calendar?tz=Nowhere&lang=en", "tz-error", "Nowhere"},
	} {
		d := dailyGet(t, b, c.path, http.StatusBadRequest)
		if got := testutil.ByTestID(d, c.testID).Text(); !strings.Contains(got, c.want) {
			t.Errorf("%s: message %q, want it to mention %q", c.path, got, c.want)
		}
	}
	// The edges of the range work.
	dailyGet(t, b, "/calendar?year=1800&month=1", http.StatusOK)
	dailyGet(t, b, "/calendar?year=2200&month=12", http.StatusOK)
}

var dailyRawKey = regexp.MustCompile(`\b(daily|calendar|nav|term)\.[a-z_]+`)

// Both pages render in the three languages with no raw translation keys.
func TestDailyPagesInEveryLanguage(t *testing.T) {
	app := testutil.StartApp(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("daily-lang"), Verified: true})
	histSave(t, app, u.ID, histChart{Name: "Wu", Date: "2000-01-01", Time: "12:00", Gender: "male"})
	signed := app.NewSession()
	signed.SignIn(t, u.ID)
	want := map[string]string{"en": "Daily guidance", "zh-Hans": "每日指引", "zh-Hant": "每日指引", "ja": "毎日の運勢", "ko": "오늘의 운세"}
	for _, lang := range uiLangs {
		for _, b := range []*testutil.App{app.NewSession(), signed} {
			for _, path := range []string{"/daily?date=2024-02-06&time=12:00&lang=" + lang, "/calendar?year=2024&month=2&lang=" + lang} {
				d := dailyGet(t, b, path, http.StatusOK)
				text := d.Find("body").Text()
				if k := dailyRawKey.FindString(text); k != "" {
					t.Errorf("%s: raw key %q on the page", path, k)
				}
				if lang := d.Find("html").AttrOr("lang", ""); !strings.HasPrefix(path[strings.LastIndex(path, "=")+1:], lang) {
					t.Errorf("%s: html lang %q", path, lang)
				}
			}
		}
		d := dailyGet(t, signed, "/daily?date=2024-02-06&time=12:00&lang="+lang, http.StatusOK)
		if got := d.Find("h1").Text(); got != want[lang] {
			t.Errorf("%s title %q, want %q", lang, got, want[lang])
		}
		if testutil.ByTestID(d, "note-line").Length() == 0 {
			t.Errorf("%s: no personal note", lang)
		}
	}
}

// A signed-in user whose chart has a 午 day branch (2000-01-01, a 戊午 day)
// reads 2024-02-06 (a 庚子 day): the note names the 子午冲 clash with its
// rule and 庚 as their 食神. Without a main chart the latest saved chart is
// used and the page says so; setting one takes only the user's own charts.
func TestDailyPersonalNote(t *testing.T) {
	app := testutil.StartApp(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("daily-note"), Verified: true})
	other := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("daily-other"), Verified: true})
	main := histSave(t, app, u.ID, histChart{Name: "Wu Day", Date: "2000-01-01", Time: "12:00", Gender: "male"})
	latest := histSave(t, app, u.ID, histChart{Name: "Latest", Date: "1984-06-01", Time: "12:00", Gender: "female"})
	theirs := histSave(t, app, other.ID, histChart{Name: "Not yours", Date: "1990-03-15", Time: "08:30", Gender: "female"})
	b := app.NewSession()
	b.SignIn(t, u.ID)

	d := dailyGet(t, b, "/daily?date=2024-02-06&time=12:00&lang=en", http.StatusOK)
	if got := texts(testutil.ByTestID(d, "daily-pillar")); len(got) != 4 || got[2] != "庚子" {
		t.Fatalf("2024-02-06 pillars %v, want a 庚子 day", got)
	}
	if testutil.ByTestID(d, "daily-fallback").Length() != 1 || strings.TrimSpace(testutil.ByTestID(d, "daily-chart-name").Text()) != "Latest" {
		t.Fatalf("without a main chart the latest saved chart should be used, and said so; got %q", testutil.ByTestID(d, "daily-chart-name").Text())
	}

	// Set the 戊午 chart as the main chart.
	if res := b.PostForm(t, "/charts/"+strconv.FormatInt(main.ID, 10)+"/main", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set main chart: %d %s", res.StatusCode, res.Body)
	}
	if res := b.PostForm(t, "/charts/"+strconv.FormatInt(theirs.ID, 10)+"/main", nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("setting another user's chart as main: %d, want 404", res.StatusCode)
	}
	if res := (app.NewSession()).PostForm(t, "/charts/"+strconv.FormatInt(main.ID, 10)+"/main", nil); res.StatusCode == http.StatusSeeOther {
		t.Fatal("a guest set a main chart")
	}
	got, err := app.Server.Users.ByID(t.Context(), u.ID)
	if err != nil || got.MainChartID == nil || *got.MainChartID != main.ID {
		t.Fatalf("main chart = %v (%v), want %d", got.MainChartID, err, main.ID)
	}
	_ = latest

	d = dailyGet(t, b, "/daily?date=2024-02-06&time=12:00&lang=en", http.StatusOK)
	if testutil.ByTestID(d, "daily-fallback").Length() != 0 || strings.TrimSpace(testutil.ByTestID(d, "daily-chart-name").Text()) != "Wu Day" {
		t.Fatalf("the main chart should be used; got %q", testutil.ByTestID(d, "daily-chart-name").Text())
	}
	lines := map[string][]string{}
	d.Find(`[data-testid="note-line"]`).Each(func(_ int, s *goquery.Selection) {
		k := s.AttrOr("data-kind", "")
		lines[k] = append(lines[k], strings.Join(strings.Fields(s.Text()), " "))
	})
	clash := strings.Join(lines["branch_chong"], " | ")
	if !strings.Contains(clash, "Today's branch 子 meets your Day pillar's branch 午: Clash") || !strings.Contains(clash, "Rule: 子午 Clash") {
		t.Errorf("clash line %q, want 子 against the day branch 午 with the rule 子午 Clash", clash)
	}
	if g := strings.Join(lines["tengod"], ""); !strings.Contains(g, "Eating God") || !strings.Contains(g, "食神") || !strings.Contains(g, "戊") {
		t.Errorf("ten god line %q, want 庚 as Eating God (食神) of day master 戊", g)
	}
	if len(lines["element"]) != 2 || !strings.Contains(lines["element"][0], "favourable:") {
		t.Errorf("element lines %q, want two with the favourable elements shown", lines["element"])
	}

	// In Chinese the rule is the same.
	d = dailyGet(t, b, "/daily?date=2024-02-06&time=12:00&lang=zh-Hans", http.StatusOK)
	if got := d.Find(`[data-kind="branch_chong"]`).Text(); !strings.Contains(got, "今日地支子与你日柱地支午：冲") || !strings.Contains(got, "子午冲") {
		t.Errorf("zh-Hans clash line %q", got)
	}

	// The saved chart page offers the button.
	sd := dailyGet(t, b, "/charts/"+strconv.FormatInt(main.ID, 10), http.StatusOK)
	if testutil.ByTestID(sd, "set-main-chart").Length() != 1 {
		t.Error("the saved chart page has no Set as my main chart button")
	}
}

// Destroying the main chart clears the choice (ON DELETE SET NULL), and a
// user with a main chart can still be deleted.
func TestMainChartDeletion(t *testing.T) {
	for _, c := range []struct {
		name string
		opts []testutil.AppOption
	}{{"postgres", nil}, {"sqlite", []testutil.AppOption{testutil.WithSQLite()}}} {
		t.Run(c.name, func(t *testing.T) {
			app := testutil.StartApp(t, c.opts...)
			u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("daily-del"), Verified: true})
			ch := histSave(t, app, u.ID, histChart{Name: "Gone", Date: "2000-01-01", Time: "12:00", Gender: "male"})
			set := func() {
				if err := app.Server.Users.Update(t.Context(), u.ID, map[string]any{"main_chart_id": ch.ID}); err != nil {
					t.Fatal(err)
				}
			}
			set()
			if _, err := app.Server.Charts.Trash(t.Context(), u.ID, []int64{ch.ID}); err != nil {
				t.Fatal(err)
			}
			if _, err := app.Server.Charts.DeleteForever(t.Context(), u.ID, []int64{ch.ID}); err != nil {
				t.Fatalf("destroy the main chart: %v", err)
			}
			got, err := app.Server.Users.ByID(t.Context(), u.ID)
			if err != nil || got.MainChartID != nil {
				t.Fatalf("main chart after destroying it: %v (%v), want none", got.MainChartID, err)
			}
			b := app.NewSession()
			b.SignIn(t, u.ID)
			d := dailyGet(t, b, "/daily?date=2024-02-06&time=12:00&lang=en", http.StatusOK)
			if testutil.ByTestID(d, "daily-nochart").Length() != 1 {
				t.Error("with no chart left the page should offer to make one")
			}
			ch = histSave(t, app, u.ID, histChart{Name: "Again", Date: "2000-01-01", Time: "12:00", Gender: "male"})
			set()
			if err := app.Server.Users.Delete(t.Context(), u.ID); err != nil {
				t.Fatalf("delete a user with a main chart: %v", err)
			}
		})
	}
}
