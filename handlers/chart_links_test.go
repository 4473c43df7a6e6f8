package handlers_test

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// Issue 16, point 11: the chart's links refuse bad input in a form the
// asker understands.

// A time that is not a clock time is refused even with time_unknown on,
// instead of the link silently computing a chart without it.
func TestChartLinkRefusesABadTimeEvenWhenMarkedUnknown(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/chart?date=2005-12-23&time=99%3A99&time_unknown=1&tz=Asia%2FShanghai&gender=male&lang=zh-Hans")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if got := text(d, `[data-testid="error-time"]`); got == "" {
		t.Fatal("no error next to the time")
	}
	// A real time with the box ticked is still dropped, as the box says.
	if res := app.Get(t, "/chart?date=2005-12-23&time=08%3A37&time_unknown=1&tz=Asia%2FShanghai&gender=male"); res.StatusCode != 200 {
		t.Fatalf("time_unknown with a valid time: %d", res.StatusCode)
	}
}

// luck= must name one of the chart's luck pillars.
func TestChartLuckFragmentRefusesAPillarThatIsNotThere(t *testing.T) {
	app := startAPI(t)
	for _, luck := range []string{"99", "0", "x"} {
		res := app.Get(t, "/chart/luck?"+vectorQuery+"&luck="+luck+"&lang=zh-Hans", "HX-Request", "true")
		d := testutil.HTML(t, res.Body)
		if res.StatusCode != 200 || d.Find(`[data-testid="liunian"]`).Length() != 0 || !strings.Contains(text(d, `[data-testid="fragment-error"]`), "没有这步大运") {
			t.Errorf("htmx luck=%s: %d %.300s", luck, res.StatusCode, res.Body)
		}
		res = app.Get(t, "/chart/luck?"+vectorQuery+"&luck="+luck+"&lang=en")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "There is no such luck pillar") || !strings.Contains(res.Body, "<html") {
			t.Errorf("plain luck=%s: %d %.300s", luck, res.StatusCode, res.Body)
		}
	}
}

// An htmx request for the months of a year out of range gets an HTML
// fragment in the page's language, not JSON.
func TestChartLiuYueOutOfRangeAnswersHTMXWithAFragment(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/chart/liuyue?"+vectorQuery+"&year=3000&lang=zh-Hant", "HX-Request", "true")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%d %s: %.300s", res.StatusCode, res.Header.Get("Content-Type"), res.Body)
	}
	d := testutil.HTML(t, res.Body)
	if got := text(d, `[data-testid="fragment-error"]`); !strings.Contains(got, "流月只列 1800 至 2200 年") {
		t.Errorf("fragment %q", got)
	}
	if res := app.Get(t, "/chart/liuyue?"+vectorQuery+"&year=3000"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("plain request: %d", res.StatusCode)
	}
}

// A share image that cannot be drawn is still an image, saying why.
func TestShareCardWithBadInputIsAnErrorImage(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/chart/card.svg?date=2005-13-23&time=08%3A37&tz=Asia%2FShanghai&gender=male&lang=zh-Hans")
	if res.StatusCode != http.StatusBadRequest || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if err := xml.Unmarshal([]byte(res.Body), new(struct{ XMLName xml.Name })); err != nil {
		t.Fatalf("not well-formed SVG: %v\n%s", err, res.Body)
	}
	d := testutil.HTML(t, res.Body)
	if got := text(d, `[data-testid="card-error"]`); got != "无法绘制此命盘" {
		t.Errorf("title %q", got)
	}
	if text(d, `[data-testid="card-error-reason"]`) == "" {
		t.Error("no reason given")
	}
	if strings.Contains(res.Header.Get("Cache-Control"), "max-age") {
		t.Error("an error image is cached")
	}
}

// A birthplace the gazetteer does not know is shown as typed and marked,
// not as if it had been found; a known one is shown in the page's script.
func TestChartPageMarksAnUnresolvedBirthplace(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/chart?date=2005-12-23&time=08%3A37&place=Xyzzyville&tz=Asia%2FShanghai&lon=116&lat=39&gender=male&lang=en").Body)
	if got := text(d, `[data-testid="chart-summary"]`); !strings.Contains(got, "Xyzzyville (not found") {
		t.Errorf("unknown place: %q", got)
	}
	d = testutil.HTML(t, app.Get(t, "/chart?date=2005-12-23&time=08%3A37&place=Beijing&tz=Asia%2FShanghai&lon=116.4074&lat=39.9042&gender=male&lang=zh-Hans").Body)
	if got := strings.Join(strings.Fields(text(d, `[data-testid="chart-summary"]`)), " "); !strings.Contains(got, "· 北京 ·") || strings.Contains(got, "未找到") {
		t.Errorf("known place: %q", got)
	}
}
