package handlers_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil/fakeai"
	"github.com/bazi-master/bazi-master/models"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// Japanese and Korean are chosen like the other languages: by ?lang=
// (which the cookie then remembers), and by Accept-Language; the page says
// which in <html lang>, and the language menu names all five in their own
// scripts.
func TestJapaneseAndKoreanAreChosenLikeTheOthers(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct{ accept, want string }{
		{"ja-JP,ja;q=0.9,en;q=0.8", "ja"},
		{"ko-KR,ko;q=0.9,en-US;q=0.8", "ko"},
		{"en;q=0.4,ko;q=0.9", "ko"},
	} {
		d := testutil.HTML(t, app.Get(t, "/", "Accept-Language", tc.accept).Body)
		if got, _ := d.Find("html").Attr("lang"); got != tc.want {
			t.Errorf("Accept-Language %q: <html lang=%q>, want %q", tc.accept, got, tc.want)
		}
	}
	res := app.Get(t, "/?lang=ja", "Accept-Language", "ko")
	remembered := ""
	for _, c := range res.Cookies() {
		if c.Name == "lang" {
			remembered = c.Value
		}
	}
	if remembered != "ja" {
		t.Errorf("?lang=ja stored %q in the lang cookie", remembered)
	}
	d := testutil.HTML(t, app.Get(t, "/", "Cookie", "lang=ja", "Accept-Language", "ko").Body)
	if got, _ := d.Find("html").Attr("lang"); got != "ja" {
		t.Errorf("the lang=ja cookie gives <html lang=%q>", got)
	}
	var names []string
	for _, n := range d.Find(`[data-testid="lang-switcher"] li`).Map(func(_ int, s *goquery.Selection) string { return strings.TrimSpace(s.Text()) }) {
		names = append(names, n)
	}
	if got := strings.Join(names, " "); got != "English 简体中文 繁體中文 日本語 한국어" {
		t.Errorf("language menu %q", got)
	}
	if got := text(d, `[data-testid="lang-toggle"]`); !strings.Contains(got, "日") {
		t.Errorf("the language menu's button reads %q on a Japanese page", got)
	}
}

// A Japanese chart of a birth in Japan gives the era year beside the
// Gregorian one; a Korean chart writes the date the Korean way and reads
// the stems and branches in Hangul beside the Hanja.
func TestJapaneseAndKoreanChartPagesUseLocalForms(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/chart?date=1990-05-17&time=14%3A30&tz=Asia%2FTokyo&gender=female&lang=ja").Body)
	if got := text(d, `[data-testid="chart-summary"]`); !strings.Contains(got, "1990年（平成2年）5月17日 14:30") || !strings.Contains(got, "日本時間") {
		t.Errorf("ja summary %q lacks the era year or 日本時間", got)
	}
	if got := d.Find(`[data-testid="pillars"] th`).Text(); !strings.Contains(got, "通変星") || !strings.Contains(got, "蔵干") || !strings.Contains(got, "十二運") {
		t.Errorf("ja grid rows %q", got)
	}
	d = testutil.HTML(t, app.Get(t, "/chart?date=1990-05-17&time=14%3A30&tz=Asia%2FShanghai&gender=female&lang=ja").Body)
	if got := text(d, `[data-testid="chart-summary"]`); strings.Contains(got, "平成") {
		t.Errorf("ja summary of a birth outside Japan %q has an era year", got)
	}
	d = testutil.HTML(t, app.Get(t, "/chart?date=1990-05-17&time=14%3A30&tz=Asia%2FSeoul&gender=male&lang=ko").Body)
	if got := text(d, `[data-testid="chart-summary"]`); !strings.Contains(got, "1990년 5월 17일 14:30") {
		t.Errorf("ko summary %q", got)
	}
	// 1990-05-17 in Seoul: a 庚午 year and a 壬 day master.
	if got := text(d, `[data-testid="stem-day"] [data-testid="glyph-reading"]`); got != "임" {
		t.Errorf("ko day stem reads %q in Hangul, want 임", got)
	}
	if got := text(d, `[data-testid="branch-year"] [data-testid="glyph-reading"]`); got != "오" {
		t.Errorf("ko year branch reads %q in Hangul, want 오", got)
	}
	if got := text(d, `[data-testid="hidden-year"] [data-testid="hidden-stem-hangul"]`); got != "정" {
		t.Errorf("ko hidden stem of 午 reads %q in Hangul, want 정 (丁)", got)
	}
	if got := d.Find(`[data-testid="pillars"] .term-pop b`).First().Text(); !strings.ContainsAny(got, "比劫食傷偏正印日") {
		t.Errorf("ko term explanation opens with %q, want the Hanja beside the Hangul", got)
	}
	if got := d.Find(`[data-testid="pillars"] th`).Text(); !strings.Contains(got, "십성") || !strings.Contains(got, "지장간") || !strings.Contains(got, "12운성") {
		t.Errorf("ko grid rows %q", got)
	}
}

// Korea's clock moved several times: UTC+9 with summer time in 1948–51,
// UTC+8:30 from March 1954 (with summer time 1955–60) until August 1961,
// and summer time again in 1987–88 (the IANA zone Asia/Seoul). A birth
// then gets that clock's offset and daylight saving (a correction of −60
// minutes), and its hour pillar is read from standard time.
func TestKoreanBirthsFollowKoreasHistoricalClock(t *testing.T) {
	app := startAPI(t)
	type doc struct {
		SolarTime struct {
			UTC         string `json:"utc"`
			Zone        string `json:"zone"`
			Offset      int    `json:"utc_offset_minutes"`
			Standard    int    `json:"standard_offset_minutes"`
			Corrections struct {
				DST float64 `json:"dst_minutes"`
			} `json:"corrections"`
		} `json:"solar_time"`
		Pillars map[string]*struct {
			Branch string `json:"branch"`
		} `json:"pillars"`
	}
	for _, tc := range []struct {
		date, time      string
		zone            string
		offset, std     int
		dst             float64
		utc, hourPillar string
	}{
		{"1950-07-01", "11:30", "KDT", 600, 540, -60, "1950-07-01T01:30:00Z", "巳"},
		{"1952-07-01", "12:00", "KST", 540, 540, 0, "1952-07-01T03:00:00Z", "午"},
		{"1954-07-01", "12:00", "KST", 510, 510, 0, "1954-07-01T03:30:00Z", "午"},
		{"1958-07-01", "11:30", "KDT", 570, 510, -60, "1958-07-01T02:00:00Z", "巳"},
		{"1960-12-01", "12:00", "KST", 510, 510, 0, "1960-12-01T03:30:00Z", "午"},
		{"1961-09-01", "12:00", "KST", 540, 540, 0, "1961-09-01T03:00:00Z", "午"},
		{"1987-07-01", "13:30", "KDT", 600, 540, -60, "1987-07-01T03:30:00Z", "午"},
		{"1988-07-01", "13:30", "KDT", 600, 540, -60, "1988-07-01T03:30:00Z", "午"},
		{"1988-11-01", "13:30", "KST", 540, 540, 0, "1988-11-01T04:30:00Z", "未"},
	} {
		res := postJSON(t, app, "/api/v1/chart", `{"date":"`+tc.date+`","time":"`+tc.time+`","tz":"Asia/Seoul","gender":"male"}`)
		var d doc
		res.JSON(t, &d)
		st := d.SolarTime
		if st.Zone != tc.zone || st.Offset != tc.offset || st.Standard != tc.std || st.Corrections.DST != tc.dst || st.UTC != tc.utc {
			t.Errorf("%s %s Seoul: %s UTC%+d (standard %+d, DST %v min) at %s, want %s %+d (%+d, %v) at %s",
				tc.date, tc.time, st.Zone, st.Offset, st.Standard, st.Corrections.DST, st.UTC, tc.zone, tc.offset, tc.std, tc.dst, tc.utc)
		}
		if h := d.Pillars["hour"]; h == nil || h.Branch != tc.hourPillar {
			t.Errorf("%s %s Seoul: hour branch %+v, want %s", tc.date, tc.time, h, tc.hourPillar)
		}
	}
	// The Korean page states the clock of the day, with its summer time.
	d := testutil.HTML(t, app.Get(t, "/chart?date=1958-07-01&time=12%3A00&tz=Asia%2FSeoul&gender=male&lang=ko").Body)
	if got := strings.Join(strings.Fields(text(d, `[data-testid="clock-time"]`)), " "); !strings.Contains(got, "UTC+09:30") {
		t.Errorf("ko clock %q, want UTC+09:30", got)
	}
	if got := text(d, `[data-testid="standard-time"]`); !strings.Contains(got, "11:00") {
		t.Errorf("ko standard time %q, want 11:00", got)
	}
}

// A guest who has named no zone sees the day in Japan's zone on a
// Japanese page and Korea's on a Korean one.
func TestDailyZoneFollowsJapaneseAndKoreanPages(t *testing.T) {
	app := startAPI(t)
	for lang, want := range map[string]string{"ja": "Asia/Tokyo", "ko": "Asia/Seoul", "en": "Asia/Shanghai"} {
		d := testutil.HTML(t, app.Get(t, "/daily?lang="+lang).Body)
		if got, _ := d.Find(`input[name="tz"]`).Attr("value"); got != want {
			t.Errorf("%s: the day's zone is %q, want %q", lang, got, want)
		}
	}
	d := testutil.HTML(t, app.Get(t, "/daily?lang=ko").Body)
	if got := d.Find("main").Text(); !strings.Contains(got, "한국 시간") {
		t.Errorf("the Korean day page does not say 한국 시간")
	}
}

// A reading asked for from a Japanese or Korean page asks the model for
// that language and its tradition's terms, and is stored in it.
func TestReadingAsksTheModelForJapaneseAndKorean(t *testing.T) {
	fake := fakeai.StartOpenAI(t, fakeai.Options{})
	app := startReadingApp(t, fake)
	for i, tc := range []struct{ lang, want string }{
		{"ja", "in Japanese (日本語), in the words of Japanese 四柱推命"},
		{"ko", "in Korean (한국어), in the words of Korean 사주명리"},
	} {
		res := postReading(t, app, testutil.UniqueIP(), "career", "Cookie", "lang="+tc.lang)
		app.OpenStream(t, testutil.StreamPath(t, res)).All(t)
		reqs := fake.Requests()
		if len(reqs) != i+1 {
			t.Fatalf("%s: %d provider calls", tc.lang, len(reqs))
		}
		if body := string(reqs[i].Body); !strings.Contains(body, tc.want) || strings.Contains(body, "Simplified Chinese") {
			t.Errorf("%s: the prompt does not ask for %q", tc.lang, tc.want)
		}
		if r := waitStatus(t, app, testutil.ReadingID(testutil.StreamPath(t, res)), models.ReadingDone); r.Lang != tc.lang {
			t.Errorf("%s: stored with lang %q", tc.lang, r.Lang)
		}
	}
}
