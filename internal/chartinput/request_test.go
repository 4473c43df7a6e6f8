package chartinput_test

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
)

func req(r bazi.Request) chartinput.Request { return chartinput.Request{Request: r} }

// Every spelling people send reaches the same chart, and the chart echoes
// what was sent.
func TestAliasesGiveTheSameChart(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	want, err := chartinput.Build(req(bazi.Request{Date: "1988-02-15", Time: "23:30", TZ: "Asia/Shanghai", Gender: "female", ZiRule: "split", LuckMethod: "days"}), now)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []bazi.Request{
		{Date: "1988-02-15", Time: "23:30", TZ: "Asia/Shanghai", Gender: "F", ZiRule: "Split", LuckMethod: "DAYS", Calendar: "gregorian"},
		{Date: "1988-02-15", Time: "23:30", TZ: "Asia/Shanghai", Gender: " Female\t", ZiRule: " split ", LuckMethod: "days", Calendar: "Solar"},
	} {
		got, err := chartinput.Build(req(r), now)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		if got.FourPillars != want.FourPillars || got.Options != want.Options || !got.Luck.StartUTC.Equal(want.Luck.StartUTC) {
			t.Errorf("%+v gives another chart: %v %+v", r, got.FourPillars, got.Options)
		}
		if got.Input.Gender != r.Gender || got.Input.ZiRule != r.ZiRule {
			t.Errorf("echo %q %q, want the spelling sent %q %q", got.Input.Gender, got.Input.ZiRule, r.Gender, r.ZiRule)
		}
	}
	// "chinese" is the lunar calendar.
	lunar, err := chartinput.Build(req(bazi.Request{Date: "1988-01-28", Calendar: "chinese", TZ: "+08:00", Gender: "m"}), now)
	if err != nil || lunar.Lunar == nil {
		t.Fatalf("chinese calendar: %v", err)
	}
}

// The engine takes only the canonical spellings: aliases are the codec's.
func TestEngineRefusesAliases(t *testing.T) {
	for _, r := range []bazi.Request{
		{Date: "1988-02-15", TZ: "UTC", Gender: "F"},
		{Date: "1988-02-15", TZ: "UTC", Gender: "male", Calendar: "gregorian"},
		{Date: "1988-02-15", TZ: "UTC", Gender: "male", ZiRule: "next_day"},
	} {
		if _, err := r.Parse(); err == nil {
			t.Errorf("engine accepted %+v", r)
		}
	}
	// A value nobody accepts is refused by field.
	_, err := chartinput.Build(req(bazi.Request{Date: "1988-02-15", TZ: "UTC", Gender: "x"}), time.Now())
	var fe *bazi.FieldError
	if !errors.As(err, &fe) || fe.Field != "gender" {
		t.Errorf("unknown gender: %v", err)
	}
}

// A place found by name writes out its zone and coordinates once: the
// resolved request, the chart and the URL all carry them.
func TestResolveFillsThePlaceOnce(t *testing.T) {
	r := chartinput.Request{Request: bazi.Request{Date: "1988-02-15", Time: "08:00", Gender: "male"}, Place: "Beijing"}
	res, err := chartinput.Resolve(r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Place == nil || res.Request.TZ != "Asia/Shanghai" || res.Request.Lon == nil || res.Request.Lat == nil {
		t.Fatalf("resolved request %+v place %v", res.Request, res.Place)
	}
	if res.Input.Request.TZ != "Asia/Shanghai" || !res.Input.HasLon {
		t.Errorf("the chart's input lacks the place's zone: %+v", res.Input.Request)
	}
	q := res.Request.Query("")
	if !strings.Contains(q, "tz=Asia%2FShanghai") || !strings.Contains(q, "lon=116.") || !strings.Contains(q, "place=Beijing") {
		t.Errorf("query %q", q)
	}
	// Given values win over the place's.
	lon := 120.0
	r.TZ, r.Lon = "+08:00", &lon
	res, err = chartinput.Resolve(r)
	if err != nil || res.Request.TZ != "+08:00" || *res.Request.Lon != 120 {
		t.Errorf("given zone or longitude replaced: %+v %v", res.Request, err)
	}
	// An unknown place is refused by field.
	_, err = chartinput.Resolve(chartinput.Request{Request: bazi.Request{Date: "1988-02-15", Gender: "male"}, Place: "xyzzyplugh"})
	var fe *bazi.FieldError
	if !errors.As(err, &fe) || fe.Field != "place" || fe.Code != "unknown_place" {
		t.Errorf("unknown place: %v", err)
	}
}

// The form asks for a time or the "time unknown" box; a URL does not.
func TestFromFormNeedsTheTimeOrTheBox(t *testing.T) {
	form := map[string]string{"date": "1988-02-15", "place": "Beijing", "gender": "male"}
	get := func(k string) string { return form[k] }
	_, _, err := chartinput.FromForm(get)
	var fe *bazi.FieldError
	if !errors.As(err, &fe) || fe.Field != "time" || fe.Code != "required" {
		t.Fatalf("no time, no box: %v", err)
	}
	// A bad date is reported before the missing time.
	form["date"] = "1988-13-01"
	if _, _, err := chartinput.FromForm(get); !errors.As(err, &fe) || fe.Field != "date" {
		t.Errorf("bad date: %v", err)
	}
	form["date"], form["time_unknown"] = "1988-02-15", "on"
	r, _, err := chartinput.FromForm(get)
	if err != nil || r.Time != "" || r.TZ != "Asia/Shanghai" {
		t.Errorf("box ticked: %+v %v", r, err)
	}
	// The URL drops an unknown time without asking.
	if _, _, err := chartinput.ParseQuery("date=1988-02-15&tz=UTC&gender=male"); err != nil {
		t.Errorf("query without time: %v", err)
	}
}

func TestDecodeJSONNamesTheField(t *testing.T) {
	for body, want := range map[string]struct{ field, code string }{
		``:                           {"", "invalid_json"},
		`{`:                          {"", "invalid_json"},
		`{"date":1}`:                 {"date", "invalid_type"},
		`{"lon":"east"}`:             {"lon", "invalid_type"},
		`{"dat":"1988-02-15"}`:       {"dat", "unknown_field"},
		`{"date":"1988-02-15"} {}`:   {"", "invalid_json"},
		`{"tz":"UTC","tz":"+08:00"}`: {"tz", "duplicate_key"},
	} {
		_, fe := chartinput.DecodeJSON([]byte(body))
		if fe == nil || fe.Field != want.field || fe.Code != want.code || fe.Message == "" {
			t.Errorf("%q: %+v, want %+v", body, fe, want)
		}
	}
	r, fe := chartinput.DecodeJSON([]byte(`{"date":"1988-02-15","tz":"UTC","gender":"F","place":"北京","liu_yue_year":2030}`))
	if fe != nil || r.Gender != "F" || r.Place != "北京" || r.LiuYueYear != 2030 {
		t.Errorf("decoded %+v %v", r, fe)
	}
}

func TestFlagsReadTheSameRequest(t *testing.T) {
	fs := flag.NewFlagSet("chart", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	request := chartinput.Flags(fs)
	if err := fs.Parse([]string{"--date", "1988-02-15", "--time", "23:30", "--place", "Beijing", "--gender", "f", "--lon", "0", "--liu-yue", "2030", "--zi-rule", "split"}); err != nil {
		t.Fatal(err)
	}
	r := request()
	if r.Lon == nil || *r.Lon != 0 || r.Lat != nil || r.LiuYueYear != 2030 || r.ZiRule != "split" {
		t.Fatalf("flags gave %+v", r)
	}
	if got := r.Query(""); got != "date=1988-02-15&time=23%3A30&lon=0&place=Beijing&gender=female&zi_rule=split" {
		t.Errorf("query %q", got)
	}
	bad := flag.NewFlagSet("chart", flag.ContinueOnError)
	bad.SetOutput(io.Discard)
	chartinput.Flags(bad)
	if err := bad.Parse([]string{"--lat", "north"}); err == nil {
		t.Error("a latitude that is not a number was accepted")
	}
	for field, want := range map[string]string{"liu_yue_year": "--liu-yue", "zi_rule": "--zi-rule", "date": "--date", "": "input"} {
		if got := chartinput.FlagName(field); got != want {
			t.Errorf("FlagName(%q) = %q, want %q", field, got, want)
		}
	}
}

func TestOpenComputesAStoredQuery(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c, err := chartinput.Open("date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=M&name=Li", now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Li" || c.Query() != "date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&name=Li" || c.FourPillars.Day.String() == "" {
		t.Errorf("opened %q %q", c.Name, c.Query())
	}
	var fe *bazi.FieldError
	if _, err := chartinput.Open("date=%zz", now); err == nil || errors.As(err, &fe) {
		t.Errorf("unreadable query: %v", err)
	}
	if _, err := chartinput.Open("date=1988-02-15&tz=Mars%2FOlympus&gender=male", now); !errors.As(err, &fe) || fe.Field != "tz" {
		t.Errorf("bad zone: %v", err)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"date":"1988-02-15","tz":"UTC","gender":"male"}`, `{"lon":1e999}`, `[]`, `{"date":"\u0000"}`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, fe := chartinput.DecodeJSON(body)
		if fe != nil {
			if fe.Code == "" || fe.Message == "" {
				t.Fatalf("error without code or message: %+v", fe)
			}
			return
		}
		_, _ = chartinput.Resolve(r)
	})
}
