package handlers_test

import (
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// TestPlacesAPICounties: the gazetteer reaches the county, and the world's
// big cities answer to their Chinese names.
func TestPlacesAPICounties(t *testing.T) {
	app := startAPI(t)
	type place struct {
		ID                string  `json:"id"`
		NameZhHans        string  `json:"name_zh_hans"`
		NameZhHant        string  `json:"name_zh_hant"`
		Lat               float64 `json:"lat"`
		Lon               float64 `json:"lon"`
		TZ                string  `json:"tz"`
		Admin             string  `json:"admin"`
		AdminZhHans       string  `json:"admin_zh_hans"`
		Prefecture        string  `json:"prefecture"`
		PrefectureZhHans  string  `json:"prefecture_zh_hans"`
		PrefectureZhHant  string  `json:"prefecture_zh_hant"`
		CountryNameZhHans string  `json:"country_name_zh_hans"`
		CountryNameZhHant string  `json:"country_name_zh_hant"`
	}
	get := func(q string) place {
		t.Helper()
		res := app.Get(t, "/api/v1/places?q="+url.QueryEscape(q)+"&limit=3")
		var ps []place
		res.JSON(t, &ps)
		if res.StatusCode != 200 || len(ps) == 0 {
			t.Fatalf("q=%s: %d %s", q, res.StatusCode, res.Body)
		}
		return ps[0]
	}
	for _, q := range []string{"漠河", "Mohe"} {
		p := get(q)
		// Mohe itself (52.97° N, 122.53° E), not the prefecture's seat.
		if p.ID != "cn-232701" || math.Abs(p.Lat-52.97) > 0.1 || math.Abs(p.Lon-122.53) > 0.1 || p.TZ != "Asia/Shanghai" {
			t.Errorf("q=%s: %+v", q, p)
		}
		if p.PrefectureZhHans != "大兴安岭地区" || p.PrefectureZhHant != "大興安嶺地區" || p.AdminZhHans != "黑龙江" ||
			p.Admin != "Heilongjiang" || p.Prefecture == "" || p.CountryNameZhHans != "中国" {
			t.Errorf("q=%s: subtitle fields %+v", q, p)
		}
	}
	if p := get("纽约"); p.ID != "us-new-york" || p.NameZhHant != "紐約" || p.CountryNameZhHans != "美国" || p.CountryNameZhHant != "美國" {
		t.Errorf("q=纽约: %+v", p)
	}
	if p := get("三亚"); p.ID != "cn-460200" || p.Prefecture != "" {
		t.Errorf("q=三亚: %+v", p)
	}
	if p := get("广"); p.ID != "cn-440100" {
		t.Errorf("q=广: %+v, want Guangzhou first", p)
	}
}

// TestTrueSolarTimeByCounty: 漠河 and 三亚 keep one clock (Beijing time) but
// lie 13° of longitude apart, so the same wall time is more than half an
// hour apart in true solar time, which can change the hour pillar.
func TestTrueSolarTimeByCounty(t *testing.T) {
	app := startAPI(t)
	solar := func(place string) time.Time {
		t.Helper()
		res := postJSON(t, app, "/api/v1/chart", `{"date":"1995-06-15","time":"12:00","place":"`+place+`","gender":"male","true_solar_time":true}`)
		var d chartDoc
		res.JSON(t, &d)
		if res.StatusCode != 200 || d.SolarTime.TrueSolar == nil || d.Place == nil {
			t.Fatalf("%s: %d %s", place, res.StatusCode, res.Body)
		}
		ts, err := time.Parse("2006-01-02T15:04:05", *d.SolarTime.TrueSolar)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	mohe, sanya := solar("漠河"), solar("三亚")
	if diff := mohe.Sub(sanya); diff < 30*time.Minute {
		t.Errorf("true solar time in 漠河 %s, in 三亚 %s: %v apart, want more than 30 minutes", mohe, sanya, diff)
	}
}

// TestPlaceSuggestionSubtitles: the suggestion's subtitle (prefecture,
// province, country) is in the page's language.
func TestPlaceSuggestionSubtitles(t *testing.T) {
	app := startAPI(t)
	cases := []struct{ q, lang, name, detail, notDetail string }{
		{"漠河", "zh-Hans", "漠河市", "黑龙江 大兴安岭地区", "Heilongjiang"},
		{"漠河", "zh-Hant", "漠河市", "黑龍江 大興安嶺地區", "Heilongjiang"},
		{"Mohe", "en", "Mohe", "Heilongjiang, China", "黑龙江"},
		{"纽约", "zh-Hans", "纽约", "美国", "United States"},
		{"紐約", "zh-Hant", "紐約", "美國", "United States"},
		{"纽约", "en", "New York", "United States", "美国"},
		{"三亚", "zh-Hans", "三亚", "海南", "Hainan"},
		{"東京", "zh-Hant", "東京", "日本", "Japan"},
	}
	for _, tc := range cases {
		res := app.Get(t, "/places/suggest?q="+url.QueryEscape(tc.q)+"&lang="+tc.lang, "HX-Request", "true")
		d := testutil.HTML(t, res.Body)
		first := testutil.ByTestID(d, "place-option").First()
		text := strings.Join(strings.Fields(first.Text()), " ")
		if first.AttrOr("data-name", "") != tc.name || !strings.Contains(text, tc.detail) || strings.Contains(text, tc.notDetail) {
			t.Errorf("%s (%s): %q %q, want %q with %q, without %q", tc.q, tc.lang, first.AttrOr("data-name", ""), text, tc.name, tc.detail, tc.notDetail)
		}
	}
}

// TestBrowserCountySuggestionOnPhone: on a phone-width Chinese page, typing
// 漠河 offers the county with its subtitle in Chinese, nothing sticks out
// sideways, and picking it fills Mohe's longitude.
func TestBrowserCountySuggestionOnPhone(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.EmulateViewport(360, 740),
		chromedp.Navigate(app.URL+"/chart/new?lang=zh-Hans"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="birth-form"]`)),
	)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!window.htmx`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("htmx not loaded: %v", err)
	}
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-place"]`), "漠河"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="place-option"][data-id="cn-232701"]`)),
	)
	testutil.Screenshot(t, ctx, "place-county-phone")
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="place-option"][data-id="cn-232701"]`)))
	if !strings.Contains(text, "黑龙江 大兴安岭地区") {
		t.Errorf("suggestion %q lacks the Chinese subtitle", text)
	}
	if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
		t.Errorf("page is %d px wide at 360 px", w)
	}
	testutil.Step(t, ctx, 10*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="place-option"][data-id="cn-232701"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`[data-testid="place-option"]`)),
	)
	if lon, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[data-testid="field-lon"]`))); !strings.HasPrefix(lon, "122.5") {
		t.Errorf("longitude %q, want Mohe's 122.5…", lon)
	}
}

// TestApproximateCountyIsSaid: a county the gazetteer has only at its
// prefecture's seat (赵县, at 石家庄's) is marked so in the API, in its
// suggestion in the page's language, and on a chart whose true solar time
// was read at that longitude; 漠河, located itself, is not, and neither is
// 赵县 once the form carries its own longitude.
func TestApproximateCountyIsSaid(t *testing.T) {
	app := startAPI(t)
	var found []struct {
		ID          string  `json:"id"`
		Lon         float64 `json:"lon"`
		Approximate bool    `json:"approximate"`
	}
	for q, want := range map[string]bool{"赵县": true, "漠河": false} {
		res := app.Get(t, "/api/v1/places?q="+url.QueryEscape(q)+"&limit=1")
		found = nil
		res.JSON(t, &found)
		if len(found) != 1 || found[0].Approximate != want {
			t.Errorf("%s: %+v, want approximate %v", q, found, want)
		}
	}
	for lang, note := range map[string]string{"en": "approximate location", "zh-Hans": "约略位置", "zh-Hant": "約略位置"} {
		res := app.Get(t, "/places/suggest?q="+url.QueryEscape("赵县")+"&lang="+lang, "HX-Request", "true")
		first := testutil.ByTestID(testutil.HTML(t, res.Body), "place-option").First()
		if !strings.Contains(first.Text(), note) {
			t.Errorf("%s: suggestion %q does not say %q", lang, strings.Join(strings.Fields(first.Text()), " "), note)
		}
	}
	chart := func(place, extra string) int {
		t.Helper()
		res := app.Get(t, "/chart?date=1995-06-15&time=12%3A00&gender=male&true_solar_time=1&place="+url.QueryEscape(place)+extra+"&lang=zh-Hans")
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", place, res.StatusCode)
		}
		return testutil.ByTestID(testutil.HTML(t, res.Body), "place-approx").Length()
	}
	if chart("赵县", "") != 1 {
		t.Error("a chart born in 赵县 does not say its longitude is the prefecture seat's")
	}
	if chart("漠河", "") != 0 || chart("赵县", "&tz=Asia%2FShanghai&lon=114.77&lat=37.75") != 0 {
		t.Error("the note shows for a located county or a longitude the form gave")
	}
}
