package handlers_test

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

func text(d *goquery.Document, sel string) string {
	return strings.TrimSpace(d.Find(sel).First().Text())
}

const vectorQuery = "date=2005-12-23&time=08%3A37&tz=Asia%2FShanghai&gender=male"

// rawKey finds an untranslated key shown to the reader.
var rawKey = regexp.MustCompile(`>\s*(term|chart|warning|error|form)\.[a-z_.]+[a-z]\s*<`)

func TestChartPageShowsThePublishedVectorInEveryLanguage(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct {
		lang, nayinDay, stageDay, tenGodYear string
	}{
		{"en", "White Wax Metal", "Death", "Indirect Wealth"},
		{"zh-Hans", "白蜡金", "死", "偏财"},
		{"zh-Hant", "白蠟金", "死", "偏財"},
		{"ja", "白鑞金", "死", "偏財"},
		{"ko", "백랍금", "사", "편재"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			res := app.Get(t, "/chart?"+vectorQuery+"&lang="+tc.lang)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			d := testutil.HTML(t, res.Body)
			if got, _ := d.Find("html").Attr("lang"); got != tc.lang {
				t.Errorf("lang = %q", got)
			}
			for pos, want := range map[string]string{"year": "乙酉", "month": "戊子", "day": "辛巳", "hour": "壬辰"} {
				stem := d.Find(`[data-testid="stem-` + pos + `"] span`).First().Text()
				branch := d.Find(`[data-testid="branch-` + pos + `"] span`).First().Text()
				if stem+branch != want {
					t.Errorf("%s pillar shows %s%s, want %s", pos, stem, branch, want)
				}
			}
			if d.Find(`[data-testid="stem-day"] [data-testid="day-master"]`).Length() != 1 {
				t.Error("the day master is not marked")
			}
			if got := text(d, `[data-testid="nayin-day"]`); !strings.Contains(got, tc.nayinDay) {
				t.Errorf("day nayin %q, want %q", got, tc.nayinDay)
			}
			if got := text(d, `[data-testid="stage-day"]`); !strings.Contains(got, tc.stageDay) {
				t.Errorf("day stage %q, want %q", got, tc.stageDay)
			}
			// Year stem 乙 (yin wood) against the day master 辛 (yin metal):
			// metal controls wood, same polarity → 偏财.
			if got := text(d, `[data-testid="row-ten-god"] td`); !strings.Contains(got, tc.tenGodYear) {
				t.Errorf("year ten god %q, want %q", got, tc.tenGodYear)
			}
			// Day branch 巳 hides 丙 庚 戊 (published vector).
			hidden := d.Find(`[data-testid="hidden-day"] [data-testid="hidden-stem"]`).Map(func(_ int, s *goquery.Selection) string { return s.Text() })
			if strings.Join(hidden, "") != "丙庚戊" {
				t.Errorf("day hidden stems %v", hidden)
			}
			for _, id := range []string{"time-panel", "balance", "elements-svg", "strength", "favourable", "relations", "shensha", "luck", "palaces", "options"} {
				if d.Find(`[data-testid="`+id+`"]`).Length() == 0 {
					t.Errorf("section %s missing", id)
				}
			}
			if got := text(d, `[data-testid="palace-tai_yuan"] dd`); !strings.HasPrefix(got, "己卯") {
				t.Errorf("胎元 %q, want 己卯", got)
			}
			if got := text(d, `[data-testid="palace-ming_gong"] dd`); !strings.HasPrefix(got, "己丑") {
				t.Errorf("命宫 %q, want 己丑", got)
			}
			if n := d.Find(`[data-testid="luck-pillar"]`).Length(); n != 10 {
				t.Errorf("%d luck pillars", n)
			}
			if d.Find(`[data-testid="star"]`).Length() == 0 {
				t.Error("no 神煞 listed")
			}
			if m := rawKey.FindString(res.Body); m != "" {
				t.Errorf("untranslated key on the page: %s", m)
			}
		})
	}
}

// The current 大运 (for the injected "now", 2026-11-26) is highlighted and
// its years are listed, the current year marked.
func TestChartPageHighlightsCurrentLuck(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male").Body)
	cur := d.Find(`[data-testid="luck-pillar"][aria-current="true"]`)
	if cur.Length() != 1 {
		t.Fatalf("%d current luck pillars", cur.Length())
	}
	idx, _ := cur.Attr("data-index")
	if got, _ := d.Find(`[data-testid="liunian"]`).Attr("data-luck"); got != idx {
		t.Fatalf("years listed for luck %s, current is %s", got, idx)
	}
	if d.Find(`[data-testid="liunian-year"][data-year="2026"]`).HasClass("font-semibold") == false {
		t.Error("the current year 2026 is not highlighted")
	}
}

func TestChartFragments(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/chart/luck?"+vectorQuery+"&luck=3", "HX-Request", "true")
	d := testutil.HTML(t, res.Body)
	if res.StatusCode != 200 || d.Find(`[data-testid="liunian"][data-luck="3"]`).Length() != 1 || d.Find(`[data-testid="liunian-year"]`).Length() != 10 {
		t.Fatalf("luck fragment: %d\n%.300s", res.StatusCode, res.Body)
	}
	if d.Find("html").Length() != 0 && strings.Contains(res.Body, "<html") {
		t.Error("fragment came with the whole page")
	}
	res = app.Get(t, "/chart/liuyue?"+vectorQuery+"&year=2030", "HX-Request", "true")
	d = testutil.HTML(t, res.Body)
	if res.StatusCode != 200 || d.Find(`[data-testid="liuyue-month"]`).Length() != 12 {
		t.Fatalf("liuyue fragment: %d %.300s", res.StatusCode, res.Body)
	}
	// 2030 is a 庚 year: its first month (寅) is 戊寅.
	if got := text(d, `[data-testid="liuyue-month"] .font-serif`); got != "戊寅" {
		t.Errorf("first month of 2030 = %q, want 戊寅", got)
	}
	if res := app.Get(t, "/chart/liuyue?"+vectorQuery+"&year=1700"); res.StatusCode != 400 {
		t.Errorf("out-of-range year: %d", res.StatusCode)
	}

	// Without JavaScript the same choices are plain links to the full page.
	d = testutil.HTML(t, app.Get(t, "/chart?"+vectorQuery+"&luck=2&year=2021").Body)
	if d.Find(`[data-testid="liunian"][data-luck="2"]`).Length() != 1 || d.Find(`[data-testid="liuyue"][data-year="2021"]`).Length() != 1 {
		t.Error("luck=2&year=2021 did not open that pillar's years and that year's months")
	}
}

// One click flips the 子 hour rule: 1988-02-15 23:30 is 辛丑 day under
// next-day and 庚子 day under split (published vectors).
func TestChartPageOptionSwitches(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&lang=en").Body)
	day := func(d *goquery.Document) string {
		return d.Find(`[data-testid="stem-day"] span`).First().Text() + d.Find(`[data-testid="branch-day"] span`).First().Text()
	}
	if got := day(d); got != "辛丑" {
		t.Fatalf("next-day rule: day %s", got)
	}
	href, _ := d.Find(`[data-testid="flip-zi-rule"]`).Attr("href")
	if !strings.Contains(href, "zi_rule=split") {
		t.Fatalf("flip link %q", href)
	}
	d = testutil.HTML(t, app.Get(t, href).Body)
	if got := day(d); got != "庚子" {
		t.Fatalf("split rule: day %s", got)
	}
	if href2, _ := d.Find(`[data-testid="flip-zi-rule"]`).Attr("href"); strings.Contains(href2, "zi_rule=") {
		t.Errorf("flipping back should drop the option (default next-day): %q", href2)
	}
	// No longitude: true solar time cannot be switched on.
	if d.Find(`[data-testid="toggle-true-solar"]`).Length() != 0 {
		t.Error("true solar switch offered without a longitude")
	}
	d = testutil.HTML(t, app.Get(t, "/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&lon=87.6&gender=male").Body)
	href, _ = d.Find(`[data-testid="toggle-true-solar"]`).Attr("href")
	d = testutil.HTML(t, app.Get(t, href).Body)
	if d.Find(`[data-testid="true-solar-time"]`).Length() != 1 {
		t.Fatal("true solar time not shown after switching it on")
	}
}

func TestChartPageTimeUnknownAndDST(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/chart?date=1988-07-01&tz=Asia%2FShanghai&gender=female&lang=zh-Hans").Body)
	if got := strings.TrimSpace(d.Find(`[data-testid="stem-hour"]`).Text()); got != "—" {
		t.Errorf("hour stem without a time: %q", got)
	}
	if d.Find(`[data-warning="time_unknown"]`).Length() != 1 {
		t.Error("no time-unknown warning")
	}
	// China's DST: a 10:30 clock in July 1988 is 09:30 standard time.
	d = testutil.HTML(t, app.Get(t, "/chart?date=1988-07-01&time=10%3A30&tz=Asia%2FShanghai&gender=female").Body)
	if got := text(d, `[data-testid="standard-time"]`); !strings.HasPrefix(got, "1988-07-01 09:30") {
		t.Errorf("standard time %q", got)
	}
}

// A hand-edited URL with bad input shows the form with the message next to the field.
func TestChartPageBadInputShowsTheForm(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/chart?date=2023-02-30&time=10%3A00&tz=Asia%2FShanghai&gender=male&lang=zh-Hans")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if got := text(d, `[data-testid="error-date"]`); got == "" {
		t.Fatal("no error next to the date")
	}
	if v, _ := d.Find(`input[name="date"]`).Attr("value"); v != "2023-02-30" {
		t.Errorf("typed date not kept: %q", v)
	}
}

func TestShareCardIsAnSVGImage(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/chart/card.svg?"+vectorQuery+"&name=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("card: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if err := xml.Unmarshal([]byte(res.Body), new(struct{ XMLName xml.Name })); err != nil {
		t.Fatalf("card is not well-formed XML: %v", err)
	}
	for _, ch := range []string{"乙", "酉", "戊", "子", "辛", "巳", "壬", "辰"} {
		if !strings.Contains(res.Body, ">"+ch+"<") {
			t.Errorf("card lacks %s", ch)
		}
	}
	if strings.Contains(res.Body, "<script") {
		t.Fatal("the name reached the SVG unescaped")
	}
	if !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Error("the card may run scripts when opened directly")
	}
}

// A first visit (home page and everything it loads) transfers under 100 KB compressed.
func TestFirstVisitIsUnder100KBCompressed(t *testing.T) {
	app := startAPI(t)
	get := func(path string) []byte {
		res, b := app.GetRaw(t, path, "Accept-Encoding", "gzip")
		if res.Header.Get("Content-Encoding") == "" {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			zw.Write(b)
			zw.Close()
			return buf.Bytes() // count what a compressing server would send
		}
		return b
	}
	home := get("/")
	total := len(home)
	plain := app.Get(t, "/").Body
	testutil.HTML(t, plain).Find(`link[rel="stylesheet"], link[rel="icon"], script[src]`).Each(func(_ int, s *goquery.Selection) {
		u, ok := s.Attr("href")
		if !ok {
			u, _ = s.Attr("src")
		}
		total += len(get(u))
	})
	if total > 100*1024 {
		t.Fatalf("first visit transfers %d bytes compressed, budget 100 KB", total)
	}
	t.Logf("first visit: %d bytes compressed", total)
}
