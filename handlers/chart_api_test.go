package handlers_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

func postJSON(t *testing.T, app *testutil.App, path, body string) *testutil.Response {
	t.Helper()
	return app.PostJSON(t, path, body)
}

var fixedNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func startAPI(t *testing.T) *testutil.App {
	return testutil.StartApp(t, testutil.WithServerOptions(server.WithClock(func() time.Time { return fixedNow })))
}

// chartDoc is the subset of the chart JSON the issue names as required.
type chartDoc struct {
	Pillars map[string]*struct {
		GanZhi      string            `json:"ganzhi"`
		Stem        string            `json:"stem"`
		Branch      string            `json:"branch"`
		NaYin       string            `json:"nayin"`
		HiddenStems []json.RawMessage `json:"hidden_stems"`
		TenGod      json.RawMessage   `json:"ten_god"`
	} `json:"pillars"`
	SolarTime struct {
		UTC       string            `json:"utc"`
		Clock     string            `json:"clock"`
		TrueSolar *string           `json:"true_solar"`
		Warnings  []json.RawMessage `json:"warnings"`
	} `json:"solar_time"`
	Luck struct {
		Direction string `json:"direction"`
		StartTime string `json:"start_time"`
		Pillars   []struct {
			GanZhi    string `json:"ganzhi"`
			StartAge  *int   `json:"start_age"`
			StartYear int    `json:"start_year"`
		} `json:"pillars"`
	} `json:"luck"`
	Options map[string]any `json:"options"`
	Place   *struct {
		ID string `json:"id"`
		TZ string `json:"tz"`
	} `json:"place"`
}

var wallTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$`)

func TestChartAPIComputesThePublishedVector(t *testing.T) {
	app := startAPI(t)
	res := postJSON(t, app, "/api/v1/chart", `{"date":"2005-12-23","time":"08:37","tz":"Asia/Shanghai","gender":"male"}`)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	var d chartDoc
	res.JSON(t, &d)
	want := map[string][2]string{"year": {"乙酉", "泉中水"}, "month": {"戊子", "霹雳火"}, "day": {"辛巳", "白蜡金"}, "hour": {"壬辰", "长流水"}}
	for k, w := range want {
		p := d.Pillars[k]
		if p == nil || p.GanZhi != w[0] || p.NaYin != w[1] || p.Stem+p.Branch != w[0] || len(p.HiddenStems) == 0 || len(p.TenGod) == 0 {
			t.Errorf("%s pillar: %+v, want %v", k, p, w)
		}
	}
	if _, err := time.Parse(time.RFC3339, d.SolarTime.UTC); err != nil || d.SolarTime.UTC != "2005-12-23T00:37:00Z" {
		t.Errorf("solar_time.utc = %q", d.SolarTime.UTC)
	}
	if d.SolarTime.TrueSolar != nil {
		t.Errorf("true_solar must be null when not asked for: %v", *d.SolarTime.TrueSolar)
	}
	if !wallTime.MatchString(d.Luck.StartTime) || d.Luck.Direction == "" || len(d.Luck.Pillars) != 10 {
		t.Fatalf("luck: %+v", d.Luck)
	}
	for _, p := range d.Luck.Pillars {
		if p.GanZhi == "" || p.StartAge == nil || p.StartYear < 2005 {
			t.Errorf("luck pillar: %+v", p)
		}
	}
	if d.Options["zi_rule"] != "next-day" || d.Options["luck_method"] != "exact" || d.Options["true_solar_time"] != false {
		t.Errorf("effective options: %v", d.Options)
	}
}

func TestChartAPITimeUnknownAndPlace(t *testing.T) {
	app := startAPI(t)
	res := postJSON(t, app, "/api/v1/chart", `{"date":"1990-06-15","place":"北京","gender":"female","true_solar_time":false}`)
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	var d chartDoc
	res.JSON(t, &d)
	if d.Pillars["hour"] != nil || !strings.Contains(res.Body, `"hour":null`) {
		t.Error("hour pillar must be null when the time is unknown")
	}
	if d.Pillars["day"] == nil || d.Pillars["day"].GanZhi == "" || len(d.Luck.Pillars) != 10 {
		t.Error("three pillars and luck must still be computed")
	}
	if d.Place == nil || d.Place.ID != "cn-110000" || d.Place.TZ != "Asia/Shanghai" {
		t.Errorf("place not resolved: %+v", d.Place)
	}

	res = postJSON(t, app, "/api/v1/chart", `{"date":"1995-06-15","time":"12:00","place":"Urumqi","gender":"male","true_solar_time":true}`)
	res.JSON(t, &d)
	if res.StatusCode != 200 || d.SolarTime.TrueSolar == nil || !wallTime.MatchString(*d.SolarTime.TrueSolar) {
		t.Fatalf("true solar time with a place: %d %s", res.StatusCode, res.Body)
	}
	// Ürümqi is ~2 h 10 min behind Beijing's meridian: noon on the clock is
	// about 09:50 true solar time (± the equation of time). 1995: no DST.
	if got := (*d.SolarTime.TrueSolar)[11:13]; got != "09" && got != "10" {
		t.Errorf("true solar time in Ürümqi = %s", *d.SolarTime.TrueSolar)
	}
}

func TestChartAPIRefusesBadInputNamingTheField(t *testing.T) {
	app := startAPI(t)
	cases := []struct {
		name, body, field, code string
	}{
		{"empty body", ``, "", "invalid_json"},
		{"not json", `date=1990-01-01`, "", "invalid_json"},
		{"array", `[1,2]`, "", "invalid_json"},
		{"two objects", `{"date":"1990-01-01","tz":"UTC","gender":"male"}{}`, "", "invalid_json"},
		{"unknown field", `{"date":"1990-01-01","tz":"UTC","gendr":"male"}`, "gendr", "unknown_field"},
		{"wrong type", `{"date":"1990-01-01","tz":"UTC","gender":"male","lon":"east"}`, "lon", "invalid_type"},
		{"missing date", `{"tz":"UTC","gender":"male"}`, "date", ""},
		{"impossible date", `{"date":"1990-02-30","tz":"UTC","gender":"male"}`, "date", ""},
		{"before range", `{"date":"1799-12-31","tz":"UTC","gender":"male"}`, "date", "out_of_range"},
		{"after range", `{"date":"2201-01-01","tz":"UTC","gender":"male"}`, "date", "out_of_range"},
		{"bad time", `{"date":"1990-01-01","time":"25:61","tz":"UTC","gender":"male"}`, "time", ""},
		{"unknown zone", `{"date":"1990-01-01","tz":"Mars/Olympus","gender":"male"}`, "tz", ""},
		{"dst gap", `{"date":"2021-03-14","time":"02:30","tz":"America/New_York","gender":"male"}`, "time", "dst_gap"},
		{"bad gender", `{"date":"1990-01-01","tz":"UTC","gender":"x"}`, "gender", ""},
		{"bad zi rule", `{"date":"1990-01-01","tz":"UTC","gender":"male","zi_rule":"late"}`, "zi_rule", ""},
		{"bad luck method", `{"date":"1990-01-01","tz":"UTC","gender":"male","luck_method":"fast"}`, "luck_method", ""},
		{"true solar without longitude", `{"date":"1990-01-01","time":"12:00","tz":"UTC","gender":"male","true_solar_time":true}`, "lon", ""},
		{"longitude out of range", `{"date":"1990-01-01","tz":"UTC","gender":"male","lon":200}`, "lon", ""},
		{"unknown place", `{"date":"1990-01-01","place":"Atlantis Under The Sea","gender":"male"}`, "place", "unknown_place"},
		{"bad lunar leap month", `{"date":"2021-04-01","calendar":"lunar","leap_month":true,"tz":"+08:00","gender":"male"}`, "leap_month", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := postJSON(t, app, "/api/v1/chart", tc.body)
			if res.StatusCode != 400 {
				t.Fatalf("status %d, want 400: %s", res.StatusCode, res.Body)
			}
			var e struct {
				Error struct{ Code, Message, Field string } `json:"error"`
			}
			res.JSON(t, &e)
			if e.Error.Field != tc.field || e.Error.Message == "" || e.Error.Code == "" || (tc.code != "" && e.Error.Code != tc.code) {
				t.Fatalf("error = %+v, want field %q code %q", e.Error, tc.field, tc.code)
			}
		})
	}
}

func TestPlacesAPI(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/api/v1/places?q=London&limit=3")
	var ps []struct {
		Name, Country, TZ string
		Lat, Lon          float64
	}
	res.JSON(t, &ps)
	if res.StatusCode != 200 || len(ps) == 0 || ps[0].Country != "GB" || ps[0].TZ != "Europe/London" {
		t.Fatalf("London: %d %s", res.StatusCode, res.Body)
	}
	res = app.Get(t, "/api/v1/places?q="+"%E5%BB%A3%E5%B7%9E") // 廣州
	if !strings.Contains(res.Body, `"name_zh_hans":"广州"`) {
		t.Fatalf("traditional search: %s", res.Body)
	}
	if res := app.Get(t, "/api/v1/places?q=zzzzqqq"); res.StatusCode != 200 || strings.TrimSpace(res.Body) != "[]" {
		t.Fatalf("no match should be []: %s", res.Body)
	}
	for _, q := range []string{"", "?q=", "?q=x&limit=0", "?q=x&limit=abc", "?q=x&limit=51"} {
		if res := app.Get(t, "/api/v1/places"+q); res.StatusCode != 400 || !strings.Contains(res.Body, `"field"`) {
			t.Errorf("%q: %d %s", q, res.StatusCode, res.Body)
		}
	}
}

func TestReverseAPI(t *testing.T) {
	app := startAPI(t)
	res := app.Get(t, "/api/v1/reverse?year=%E6%88%8A%E8%BE%B0&month=%E7%94%B2%E5%AF%85&day=%E8%BE%9B%E4%B8%91&hour=%E6%88%8A%E5%AD%90&from=1980&to=2000")
	if res.StatusCode != 200 || !strings.Contains(res.Body, `"1988-02-15T23:00:00"`) {
		t.Fatalf("戊辰 甲寅 辛丑 戊子: %d %s", res.StatusCode, res.Body)
	}
	for _, q := range []string{"year=x&month=甲寅&day=辛丑", "month=甲寅&day=辛丑", "year=戊辰&month=甲寅&day=辛丑&from=1700", "year=戊辰&month=甲寅&day=辛丑&zi_rule=x", "year=戊辰&month=甲寅&day=辛丑&from=2000&to=1990"} {
		if res := app.Get(t, "/api/v1/reverse?"+q); res.StatusCode != 400 || !strings.Contains(res.Body, `"field"`) {
			t.Errorf("%s: %d %s", q, res.StatusCode, res.Body)
		}
	}
}
