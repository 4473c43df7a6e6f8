package chartinput_test

import (
	"math"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/textguard"
)

func f64(v float64) *float64 { return &v }

func TestChartQueryRoundTrips(t *testing.T) {
	cases := []struct {
		r    chartinput.Request
		name string
		want string
	}{
		{chartinput.Request{Request: bazi.Request{Date: "1988-02-15", Time: "23:30", TZ: "Asia/Shanghai", Gender: "male"}}, "",
			"date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male"},
		{chartinput.Request{Request: bazi.Request{Date: "1988-02-15", Calendar: "Solar", TZ: "UTC", Gender: "F", ZiRule: "next-day", LuckMethod: "exact"}}, "",
			"date=1988-02-15&tz=UTC&gender=female"},
		{chartinput.Request{Request: bazi.Request{Date: "2020-04-10", Time: "08:00", Calendar: "lunar", LeapMonth: true, TZ: "+08:00", Lon: f64(-0.5), Lat: f64(51.25),
			Gender: "female", TrueSolarTime: true, ZiRule: "split", LuckMethod: "minutes"}, Place: "London"}, "王 小明",
			"date=2020-04-10&time=08%3A00&calendar=lunar&leap_month=1&tz=%2B08%3A00&lon=-0.5&lat=51.25&place=London&gender=female&true_solar_time=1&zi_rule=split&luck_method=minutes&name=%E7%8E%8B+%E5%B0%8F%E6%98%8E"},
	}
	for _, tc := range cases {
		q := tc.r.Query(tc.name)
		if q != tc.want {
			t.Errorf("Query = %q\nwant        %q", q, tc.want)
		}
		v, err := url.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		back, name, ferr := chartinput.FromQuery(v.Get)
		if ferr != nil || name != tc.name || back.Query(name) != q {
			t.Errorf("round trip of %q: %+v %q %v", q, back, name, ferr)
		}
	}
	// time_unknown drops the time; names are trimmed and bounded.
	long := strings.Repeat("名", 100)
	r, name, _ := chartinput.FromQuery(url.Values{"date": {"2000-01-01"}, "time": {"10:00"}, "time_unknown": {"on"}, "name": {" " + long + " "}}.Get)
	if r.Time != "" || name != strings.Repeat("名", 80) {
		t.Errorf("time_unknown/name: %q %q", r.Time, name)
	}
	if _, _, ferr := chartinput.FromQuery(url.Values{"lat": {"north"}}.Get); ferr == nil || ferr.Field != "lat" || ferr.Code != "invalid_number" {
		t.Errorf("bad latitude: %v", ferr)
	}
	if r, _, ferr := chartinput.FromQuery(url.Values{"lon": {""}, "lat": {" "}}.Get); ferr != nil || r.Lon != nil || r.Lat != nil {
		t.Errorf("empty coordinates: %v %v %v", r.Lon, r.Lat, ferr)
	}
}

func FuzzFromQuery(f *testing.F) {
	f.Add("date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male")
	f.Add("date=2020-04-10&calendar=LUNAR&leap_month=on&lon=116,4&lat=NaN&name=%ff%fe&time_unknown=true")
	f.Add("lon=1e400&lat=-0&zi_rule=Next_Day&luck_method=Days&gender=M&place=%E5%8C%97%E4%BA%AC")
	f.Add("date=1988-02-15%00&tz=Asia%2FShang%00hai&gender=male&place=%00&name=%00%ff")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		r, name, ferr := chartinput.FromQuery(v.Get)
		if ferr != nil {
			if ferr.Field != "lon" && ferr.Field != "lat" {
				t.Fatalf("unexpected error field %q", ferr.Field)
			}
			return
		}
		for _, c := range []*float64{r.Lon, r.Lat} {
			if c != nil && (math.IsNaN(*c) || math.IsInf(*c, 0)) {
				t.Fatalf("non-finite coordinate from %q", raw)
			}
		}
		q := r.Query(name)
		v2, err := url.ParseQuery(q)
		if err != nil {
			t.Fatalf("ChartQuery wrote an unparsable query %q: %v", q, err)
		}
		r2, name2, ferr2 := chartinput.FromQuery(v2.Get)
		if ferr2 != nil || name2 != name || !reflect.DeepEqual(r2, r) {
			t.Fatalf("round trip of %q via %q:\n%+v %q\n%+v %q %v", raw, q, r, name, r2, name2, ferr2)
		}
		// Resolve must not panic on whatever arrives, and what it accepts
		// can be stored.
		if res, err := chartinput.Resolve(r); err == nil && (!textguard.Valid(res.Request.Place) || !textguard.Valid(name)) {
			t.Fatalf("%q resolved to text PostgreSQL refuses", raw)
		}
	})
}

func TestSwitchesFlipOneOptionEach(t *testing.T) {
	r := chartinput.Request{Request: bazi.Request{Date: "1988-02-15", Time: "23:30", TZ: "Asia/Shanghai", Gender: "male", Lon: f64(116.4), ZiRule: "split"}}
	res, err := chartinput.Resolve(r)
	if err != nil {
		t.Fatal(err)
	}
	chart, err := bazi.Compute(res.Input, res.Input.UTC)
	if err != nil {
		t.Fatal(err)
	}
	sw := chartinput.SwitchesOf(r, "Li", chart.Options, true)
	base := "date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&lon=116.4&gender=male"
	if sw.ZiRule != base+"&name=Li" {
		t.Errorf("zi rule switch %q", sw.ZiRule)
	}
	if sw.TrueSolar != base+"&true_solar_time=1&zi_rule=split&name=Li" {
		t.Errorf("true solar switch %q", sw.TrueSolar)
	}
	if sw.LuckMethod["days"] != base+"&zi_rule=split&luck_method=days&name=Li" || sw.LuckMethod["exact"] != base+"&zi_rule=split&name=Li" {
		t.Errorf("luck switches %v", sw.LuckMethod)
	}
	if sw := chartinput.SwitchesOf(r, "", chart.Options, false); sw.TrueSolar != "" {
		t.Errorf("true solar offered without a longitude: %q", sw.TrueSolar)
	}
}

// A field may hold a chart link or its query.
func TestLinkQuery(t *testing.T) {
	for in, want := range map[string]string{
		" https://example.com/chart?date=1990-05-17&tz=UTC#luck ": "date=1990-05-17&tz=UTC",
		"/chart?date=1990-05-17":                                  "date=1990-05-17",
		"date=1990-05-17&gender=female":                           "date=1990-05-17&gender=female",
		"https://example.com/chart?":                              "",
		"":                                                        "",
	} {
		if got := chartinput.LinkQuery(in); got != want {
			t.Errorf("LinkQuery(%q) = %q, want %q", in, got, want)
		}
	}
}
