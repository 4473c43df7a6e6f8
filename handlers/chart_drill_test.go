package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// The vector chart (day 辛巳) drilled down to 2024's 卯 month (惊蛰 5 March
// to 4 April) and its day 2024-03-10 (癸酉).
const drillMonth = "/chart?" + vectorQuery + "&year=2024&month=2"

func TestChartDrillDownFullPage(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, drillMonth+"&day=2024-03-10&lang=en")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	// The chart is all there, with the year's 大运 and months open.
	if d.Find(`[data-testid="stem-day"]`).Length() == 0 || d.Find(`[data-testid="liuyue"][data-year="2024"]`).Length() != 1 {
		t.Fatal("the page lacks the chart or the months of 2024")
	}
	if d.Find(`[data-testid="liunian-year"][data-year="2024"]`).Length() != 1 {
		t.Error("the 大运 holding 2024 is not open")
	}
	days := d.Find(`[data-testid="liuri"] [data-testid="liuri-day"]`)
	if days.Length() != 30 {
		t.Fatalf("%d days, want 30 (5 March to 3 April)", days.Length())
	}
	if first, _ := days.First().Attr("data-date"); first != "2024-03-05" {
		t.Errorf("first day %s, want 2024-03-05 (惊蛰)", first)
	}
	if last, _ := days.Last().Attr("data-date"); last != "2024-04-03" {
		t.Errorf("last day %s, want 2024-04-03 (the day before 清明)", last)
	}
	day := d.Find(`[data-testid="liuri-day"][data-date="2024-03-10"]`)
	if got := strings.TrimSpace(day.Find("td").Eq(1).Text()); got != "癸酉" {
		t.Errorf("2024-03-10 pillar %q, want 癸酉", got)
	}
	if got := day.Find("td").Eq(2).Text(); !strings.Contains(got, "Eating God") {
		t.Errorf("2024-03-10 ten god %q, want Eating God (辛 sees 癸)", got)
	}
	hours := d.Find(`[data-testid="liushi"][data-date="2024-03-10"] [data-testid="liushi-hour"]`)
	if hours.Length() != 12 {
		t.Fatalf("%d hours", hours.Length())
	}
	if got := strings.TrimSpace(hours.First().Find("td").Eq(1).Text()); got != "壬子" {
		t.Errorf("子 hour of a 癸 day %q, want 壬子 (五鼠遁)", got)
	}
	// 癸酉 against the natal 巳 day branch: 巳酉 half combination, a chip
	// with its rule.
	chips := d.Find(`[data-testid="liuri-interactions"][data-date="2024-03-10"] [data-testid="interaction"]`)
	if !strings.Contains(chips.Text(), "巳酉半合") {
		t.Errorf("2024-03-10 chips %q lack 巳酉半合", chips.Text())
	}
}

func TestChartDrillDownLinksKeepTheState(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, drillMonth).Body)
	month := d.Find(`[data-testid="open-liuri"]`).Eq(1)
	href, _ := month.Attr("href")
	get, _ := month.Attr("hx-get")
	push, _ := month.Attr("hx-push-url")
	if !strings.HasPrefix(href, "/chart?") || !strings.Contains(href, "&year=2024&month=2#liuri") || !strings.Contains(href, "luck=") {
		t.Errorf("month link %q", href)
	}
	if push != href || !strings.HasPrefix(get, "/chart/liuri?") || !strings.HasSuffix(get, "&year=2024&month=2") {
		t.Errorf("month htmx %q push %q", get, push)
	}
	if cur, _ := month.Attr("aria-current"); cur != "true" {
		t.Error("the open month is not marked")
	}
	day := d.Find(`[data-testid="liuri-day"][data-date="2024-03-10"] [data-testid="open-liushi"]`)
	href, _ = day.Attr("href")
	get, _ = day.Attr("hx-get")
	push, _ = day.Attr("hx-push-url")
	if !strings.Contains(href, "&year=2024&month=2&day=2024-03-10#liushi") || push != href {
		t.Errorf("day link %q push %q", href, push)
	}
	if !strings.HasPrefix(get, "/chart/liushi?") || !strings.HasSuffix(get, "&day=2024-03-10") {
		t.Errorf("day htmx %q", get)
	}
	// Following the links without JavaScript gives the same parts.
	u, _ := url.Parse(href)
	d2 := testutil.HTML(t, app.Get(t, u.Path+"?"+u.RawQuery).Body)
	if d2.Find(`[data-testid="liushi"][data-date="2024-03-10"]`).Length() != 1 || d2.Find(`[data-testid="liuri"]`).Length() != 1 {
		t.Error("the day's link does not open its hours on the page")
	}
}

func TestChartDrillDownFragments(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/chart/liuri?"+vectorQuery+"&year=2024&month=2", "HX-Request", "true")
	if res.StatusCode != 200 || strings.Contains(res.Body, "<html") {
		t.Fatalf("days fragment: status %d, whole page %v", res.StatusCode, strings.Contains(res.Body, "<html"))
	}
	d := testutil.HTML(t, res.Body)
	if d.Find(`[data-testid="liuri-day"]`).Length() != 30 || d.Find(`[data-testid="liushi"]`).Length() != 0 {
		t.Error("days fragment content")
	}
	res = app.Get(t, "/chart/liushi?"+vectorQuery+"&year=2024&month=2&day=2024-03-10", "HX-Request", "true")
	d = testutil.HTML(t, res.Body)
	if res.StatusCode != 200 || d.Find(`[data-testid="liushi-hour"]`).Length() != 12 || strings.Contains(res.Body, "<html") {
		t.Errorf("hours fragment: status %d", res.StatusCode)
	}
}

// A month or day the drill-down cannot open is refused with a message
// naming it; the page shows the chart as it was.
func TestChartDrillDownRefusesBadParams(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct{ name, query, want string }{
		{"month 13", "&year=2024&month=13", "month"},
		{"month word", "&year=2024&month=two", "month"},
		{"day outside the month", "&year=2024&month=2&day=2024-05-01", "day"},
		{"day not a date", "&year=2024&month=2&day=2024-02-30", "day"},
		{"day without month", "&year=2024&day=2024-03-10", "month"},
		{"year out of range", "&year=1700&month=2", "1800"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := app.Get(t, "/chart?"+vectorQuery+tc.query+"&lang=en")
			if res.StatusCode != 400 {
				t.Errorf("page status %d, want 400", res.StatusCode)
			}
			d := testutil.HTML(t, res.Body)
			if got := text(d, `[data-testid="drill-error"]`); !strings.Contains(got, tc.want) {
				t.Errorf("message %q does not name %s", got, tc.want)
			}
			if d.Find(`[data-testid="stem-day"]`).Length() == 0 || d.Find(`[data-testid="liuri"]`).Length() != 0 && tc.want != "day" {
				t.Error("the chart is missing, or the refused part opened")
			}
			if d.Find(`[data-testid="liushi"]`).Length() != 0 {
				t.Error("hours opened for a refused day")
			}
			part := "/chart/liuri?"
			if strings.Contains(tc.query, "day=") {
				part = "/chart/liushi?"
			}
			if res := app.Get(t, part+vectorQuery+tc.query+"&lang=en"); res.StatusCode != 400 {
				t.Errorf("fragment status %d, want 400", res.StatusCode)
			}
			res = app.Get(t, part+vectorQuery+tc.query+"&lang=en", "HX-Request", "true")
			if fd := testutil.HTML(t, res.Body); fd.Find(`[data-testid="fragment-error"]`).Length() != 1 {
				t.Errorf("htmx fragment shows no message: %.200s", res.Body)
			}
		})
	}
}

// Each 流年 row lists its interactions: the vector chart's day branch is
// 巳, so 亥 years clash the spouse palace; the selected 大运 lists its own.
func TestChartLuckInteractionChips(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/chart?"+vectorQuery+"&year=2031&lang=zh-Hans").Body)
	row := d.Find(`[data-testid="liunian-interactions"][data-year="2031"]`)
	spouse := row.Find(`[data-kind="spouse_palace_chong"]`)
	if spouse.Length() != 1 {
		t.Fatalf("2031 (辛亥) has no spouse-palace chip: %q", row.Text())
	}
	if got := spouse.Find("summary").Text(); !strings.Contains(got, "巳亥") || !strings.Contains(got, "冲夫妻宫") {
		t.Errorf("chip %q", got)
	}
	if pop := spouse.Find(".term-pop").Text(); !strings.Contains(pop, "巳亥冲：冲日支夫妻宫") || !strings.Contains(pop, "日柱") {
		t.Errorf("pop %q", pop)
	}
	if d.Find(`[data-testid="luck-interactions"] [data-testid="interaction"]`).Length() == 0 {
		t.Error("the open 大运 lists no interactions")
	}
	d.Find(`[data-testid="interaction"]`).Each(func(_ int, s *goquery.Selection) {
		if href, _ := s.Find(".term-pop a").Attr("href"); !strings.HasPrefix(href, "/glossary#") {
			t.Errorf("chip %q links %q", s.Find("summary").Text(), href)
		}
	})
}

// The chart API lists interactions[] with kind, rule and pillars[] for
// every 大运 and every 流年; the vector chart's 巳 day branch is clashed by
// every 亥 year.
func TestChartAPILuckInteractions(t *testing.T) {
	app := startAPI(t)
	res := postJSON(t, app, "/api/v1/chart", `{"date":"2005-12-23","time":"08:37","tz":"Asia/Shanghai","gender":"male"}`)
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	type interaction struct {
		Kind    *string  `json:"kind"`
		Rule    *string  `json:"rule"`
		Pillars []string `json:"pillars"`
	}
	var doc struct {
		Luck struct {
			Pillars []struct {
				Interactions *[]interaction `json:"interactions"`
				Years        []struct {
					Year         int            `json:"year"`
					GanZhi       string         `json:"ganzhi"`
					Interactions *[]interaction `json:"interactions"`
				} `json:"years"`
			} `json:"pillars"`
		} `json:"luck"`
	}
	if err := json.Unmarshal([]byte(res.Body), &doc); err != nil {
		t.Fatal(err)
	}
	check := func(what string, list *[]interaction) {
		if list == nil {
			t.Fatalf("%s: no interactions key", what)
		}
		for _, in := range *list {
			if in.Kind == nil || in.Rule == nil || *in.Rule == "" || len(in.Pillars) < 2 {
				t.Errorf("%s: incomplete interaction %+v", what, in)
			}
		}
	}
	hai := 0
	for i, p := range doc.Luck.Pillars {
		check(fmt.Sprintf("大运 %d", i+1), p.Interactions)
		for _, y := range p.Years {
			check(fmt.Sprint(y.Year), y.Interactions)
			if !strings.HasSuffix(y.GanZhi, "亥") {
				continue
			}
			hai++
			found := false
			for _, in := range *y.Interactions {
				found = found || *in.Kind == "spouse_palace_chong" && strings.Join(in.Pillars, ",") == "year_flow,day" && strings.HasPrefix(*in.Rule, "巳亥冲")
			}
			if !found {
				t.Errorf("%d %s: no spouse_palace_chong with [year_flow day]", y.Year, y.GanZhi)
			}
		}
	}
	if len(doc.Luck.Pillars) != 10 || hai < 8 {
		t.Fatalf("%d pillars, %d 亥 years", len(doc.Luck.Pillars), hai)
	}
}

// 岁运并临, 伏吟, 反吟 and 夫妻宫 have glossary entries in every language,
// where the chips' links lead.
func TestGlossaryExplainsLuckTerms(t *testing.T) {
	app := startAPI(t)
	for _, lang := range uiLangs {
		g := testutil.HTML(t, app.Get(t, "/glossary?lang="+lang).Body)
		if g.Find(`[data-testid="glossary-family"][data-family="flow"]`).Length() != 1 {
			t.Errorf("%s: no 岁运 section", lang)
		}
		for _, key := range []string{"sui_yun_bing_lin", "fu_yin", "fan_yin", "spouse_palace"} {
			e := g.Find("#flow-" + key)
			if strings.TrimSpace(e.Find("dt").Text()) == "" || len(strings.TrimSpace(e.Find("dd").Text())) < 20 {
				t.Errorf("%s: entry flow-%s reads %q / %q", lang, key, e.Find("dt").Text(), e.Find("dd").Text())
			}
		}
	}
}
