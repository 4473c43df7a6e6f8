package bazi

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/6tail/lunar-go/calendar"
)

func f64(v float64) *float64 { return &v }

func parseErr(t *testing.T, r Request) *FieldError {
	t.Helper()
	_, err := r.Parse()
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("%+v: error %v, want *FieldError", r, err)
	}
	return fe
}

func hasWarning(c *Chart, code string) bool {
	for _, w := range c.SolarTime.Warnings {
		if w.Code == code {
			return true
		}
	}
	return false
}

func TestChinaDST(t *testing.T) {
	// China kept summer time 1986–1991: a clock 10:30 on 1988-07-01 is 09:30
	// standard time.
	c := mustChart(t, Request{Date: "1988-07-01", Time: "10:30", TZ: "Asia/Shanghai", Gender: "male"})
	if got := c.SolarTime.Standard.String(); got != "1988-07-01T09:30:00" {
		t.Fatalf("standard %s", got)
	}
	if c.SolarTime.Corrections.DSTMinutes != -60 || c.SolarTime.UTCOffsetMinutes != 540 || c.SolarTime.StandardOffsetMinutes != 480 {
		t.Fatalf("corrections %+v", c.SolarTime)
	}
	if got := c.SolarTime.utc.Format(time.RFC3339); got != "1988-07-01T01:30:00Z" {
		t.Fatalf("utc %s", got)
	}
	// 11:30 summer time is 10:30 standard: 巳 hour, not 午.
	c = mustChart(t, Request{Date: "1988-07-01", Time: "11:30", TZ: "Asia/Shanghai", Gender: "male"})
	if b := c.FourPillars.Hour.Branch().String(); b != "巳" {
		t.Fatalf("hour branch %s, want 巳", b)
	}
	// The same clock time in winter is standard time already.
	c = mustChart(t, Request{Date: "1988-01-01", Time: "11:30", TZ: "Asia/Shanghai", Gender: "male"})
	if c.SolarTime.Corrections.DSTMinutes != 0 || c.FourPillars.Hour.Branch().String() != "午" {
		t.Fatalf("winter: %+v %s", c.SolarTime.Corrections, c.FourPillars.Hour)
	}
}

func TestNewYorkDST(t *testing.T) {
	fe := parseErr(t, Request{Date: "2021-03-14", Time: "02:30", TZ: "America/New_York", Gender: "female"})
	if fe.Field != "time" || fe.Code != "dst_gap" {
		t.Fatalf("%+v", fe)
	}
	c := mustChart(t, Request{Date: "2021-11-07", Time: "01:30", TZ: "America/New_York", Gender: "female"})
	if !hasWarning(c, WarnDSTOverlap) {
		t.Fatalf("no overlap warning: %+v", c.SolarTime.Warnings)
	}
	// The earlier reading is EDT (UTC-4): 05:30 UTC; standard time 00:30.
	if got := c.SolarTime.utc.Format(time.RFC3339); got != "2021-11-07T05:30:00Z" {
		t.Fatalf("utc %s", got)
	}
	if got := c.SolarTime.Standard.String(); got != "2021-11-07T00:30:00" {
		t.Fatalf("standard %s", got)
	}
	// Summer time in New York: 14:00 EDT is 13:00 EST.
	c = mustChart(t, Request{Date: "2021-07-04", Time: "14:00", TZ: "America/New_York", Gender: "female"})
	if c.SolarTime.Standard.String() != "2021-07-04T13:00:00" || c.SolarTime.Corrections.DSTMinutes != -60 {
		t.Fatalf("%+v", c.SolarTime)
	}
	// Southern hemisphere: Sydney in January is on summer time (+11, standard +10).
	c = mustChart(t, Request{Date: "2021-01-15", Time: "12:00", TZ: "Australia/Sydney", Gender: "female"})
	if c.SolarTime.StandardOffsetMinutes != 600 || c.SolarTime.Standard.String() != "2021-01-15T11:00:00" {
		t.Fatalf("sydney %+v", c.SolarTime)
	}
}

func TestStandardOffsets(t *testing.T) {
	cases := []struct {
		date, tz string
		std      int // minutes
	}{
		{"2021-07-01", "Europe/Dublin", 0}, // tzdata: IST is "standard", winter GMT is negative DST
		{"2021-01-15", "Europe/Dublin", 0},
		{"2021-07-01", "Europe/London", 0},
		{"2021-07-01", "Asia/Tokyo", 540},
		{"1945-07-01", "America/New_York", -300}, // war time all year
		{"1941-07-01", "Asia/Shanghai", 480},
		{"2021-07-01", "Asia/Kolkata", 330},
		{"2021-01-15", "America/Sao_Paulo", -180},
	}
	for _, tc := range cases {
		c := mustChart(t, Request{Date: tc.date, Time: "12:00", TZ: tc.tz, Gender: "male"})
		if c.SolarTime.StandardOffsetMinutes != tc.std {
			t.Errorf("%s %s: standard offset %d, want %d (clock %d)", tc.date, tc.tz, c.SolarTime.StandardOffsetMinutes, tc.std, c.SolarTime.UTCOffsetMinutes)
		}
	}
}

func TestEquationOfTime(t *testing.T) {
	// Meeus, Astronomical Algorithms, example 28.b: 1992 Oct 13.0 TD, E = 13m42.7s.
	u := time.Date(1992, 10, 13, 0, 0, 0, 0, time.UTC).Unix()
	if e := equationOfTime(u); math.Abs(e-(13*60+42.7)) > 3 {
		t.Fatalf("E = %.1f s", e)
	}
	// Extremes: about -14.2 min mid-February, +16.4 min early November.
	if e := equationOfTime(time.Date(2020, 2, 11, 12, 0, 0, 0, time.UTC).Unix()) / 60; math.Abs(e+14.2) > 0.2 {
		t.Fatalf("Feb E = %.2f min", e)
	}
	if e := equationOfTime(time.Date(2020, 11, 3, 12, 0, 0, 0, time.UTC).Unix()) / 60; math.Abs(e-16.4) > 0.2 {
		t.Fatalf("Nov E = %.2f min", e)
	}
}

func TestTrueSolarTimeUrumqi(t *testing.T) {
	r := Request{Date: "2000-06-15", Time: "08:30", TZ: "Asia/Shanghai", Lon: f64(87.6), Lat: f64(43.8), Gender: "male", TrueSolarTime: true}
	c := mustChart(t, r)
	cor := c.SolarTime.Corrections
	if cor.LongitudeMinutes != -129.6 {
		t.Fatalf("longitude correction %v", cor.LongitudeMinutes)
	}
	eot := equationOfTime(c.SolarTime.utc.Unix()) / 60
	if math.Abs(cor.TotalMinutes-(-129.6+eot)) > 0.05 || c.SolarTime.TrueSolar == nil {
		t.Fatalf("corrections %+v, eot %.2f", cor, eot)
	}
	// 08:30 Beijing time is about 06:20 true solar time in Urumqi: 卯 hour.
	if got := c.SolarTime.TrueSolar.String(); !strings.HasPrefix(got, "2000-06-15T06:19:") && !strings.HasPrefix(got, "2000-06-15T06:20:") {
		t.Fatalf("true solar %s", got)
	}
	if c.FourPillars.Hour.Branch().String() != "卯" || !c.Options.TrueSolarTime {
		t.Fatalf("hour %s", c.FourPillars.Hour)
	}
	// Without the option the clock's 辰 hour is used, and true solar time
	// is still shown.
	r.TrueSolarTime = false
	c = mustChart(t, r)
	if c.FourPillars.Hour.Branch().String() != "辰" || c.SolarTime.TrueSolar == nil || c.Options.TrueSolarTime {
		t.Fatalf("hour %s", c.FourPillars.Hour)
	}
	// True solar time needs a longitude.
	fe := parseErr(t, Request{Date: "2000-06-15", Time: "08:30", TZ: "Asia/Shanghai", Gender: "male", TrueSolarTime: true})
	if fe.Field != "lon" || fe.Code != "required" {
		t.Fatalf("%+v", fe)
	}
}

func dayPillarOf(y, m, d int) string {
	return calendar.NewSolarFromYmd(y, m, d).GetLunar().GetDayInGanZhi()
}

func TestBirthsAbroad(t *testing.T) {
	// 立春 2024 is 08:27:07 UTC. London 10:00 GMT is after it: 甲辰 丙寅.
	// (Reading 10:00 as Beijing time would give 02:00 UTC, before it.)
	c := mustChart(t, Request{Date: "2024-02-04", Time: "10:00", TZ: "Europe/London", Gender: "male"})
	if c.FourPillars.Year.String() != "甲辰" || c.FourPillars.Month.String() != "丙寅" {
		t.Fatalf("London: %s %s", c.FourPillars.Year, c.FourPillars.Month)
	}
	c = mustChart(t, Request{Date: "2024-02-04", Time: "10:00", TZ: "+08:00", Gender: "male"})
	if c.FourPillars.Year.String() != "癸卯" || c.FourPillars.Month.String() != "乙丑" {
		t.Fatalf("Beijing: %s %s", c.FourPillars.Year, c.FourPillars.Month)
	}
	// New York 2024-02-04 03:00 EST = 08:00 UTC, before 立春.
	c = mustChart(t, Request{Date: "2024-02-04", Time: "03:00", TZ: "America/New_York", Gender: "male"})
	if c.FourPillars.Year.String() != "癸卯" || c.FourPillars.Month.String() != "乙丑" {
		t.Fatalf("New York: %s %s", c.FourPillars.Year, c.FourPillars.Month)
	}
	// New York 20:00 on 2024-02-04 is already 02-05 in Beijing; the day
	// pillar keeps the local date.
	c = mustChart(t, Request{Date: "2024-02-04", Time: "20:00", TZ: "America/New_York", Gender: "male"})
	if got, want := c.FourPillars.Day.String(), dayPillarOf(2024, 2, 4); got != want {
		t.Fatalf("day %s, want %s", got, want)
	}
	if c.FourPillars.Year.String() != "甲辰" {
		t.Fatalf("year %s", c.FourPillars.Year)
	}
	if c.SolarTime.PrevJie.Term.String() != "立春" || c.SolarTime.PrevJie.Local.String() != "2024-02-04T03:27:07" {
		t.Fatalf("prev jie %+v", c.SolarTime.PrevJie)
	}
}

func TestLunarInput(t *testing.T) {
	cases := []struct {
		date string
		leap bool
		want string
	}{
		{"2020-04-01", true, "2020-05-23"},  // 闰四月初一
		{"2020-04-01", false, "2020-04-23"}, // 四月初一
		{"2023-02-01", true, "2023-03-22"},  // 闰二月初一
		{"2023-01-01", false, "2023-01-22"}, // 春节
	}
	for _, tc := range cases {
		in, err := Request{Date: tc.date, Calendar: "lunar", LeapMonth: tc.leap, Time: "12:00", TZ: "+08:00", Gender: "male"}.Parse()
		if err != nil {
			t.Fatalf("%s: %v", tc.date, err)
		}
		got := time.Date(in.Year, time.Month(in.Month), in.Day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		if got != tc.want {
			t.Errorf("lunar %s leap %v = %s, want %s", tc.date, tc.leap, got, tc.want)
		}
		c, err := Compute(in, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if c.Lunar == nil || c.Lunar.Leap != tc.leap || c.Options.Calendar != "lunar" {
			t.Errorf("lunar info %+v", c.Lunar)
		}
	}
	if LunarLeapMonth(2020) != 4 || LunarLeapMonth(2023) != 2 || LunarLeapMonth(2022) != 0 {
		t.Fatal("leap months")
	}
	fe := parseErr(t, Request{Date: "2021-04-01", Calendar: "lunar", LeapMonth: true, TZ: "+08:00", Gender: "male"})
	if fe.Code != "lunar_leap_month_missing" || fe.Field != "leap_month" {
		t.Fatalf("%+v", fe)
	}
	// Day 30 of a 29-day month.
	for m := 1; m <= 12; m++ {
		if _, _, _, err := LunarToSolar(LunarDate{Year: 2022, Month: m, Day: 30}); err != nil {
			fe := parseErr(t, Request{Date: "2022-" + two(m) + "-30", Calendar: "lunar", TZ: "+08:00", Gender: "male"})
			if fe.Code != "invalid_date" || fe.Field != "date" {
				t.Fatalf("%+v", fe)
			}
			return
		}
	}
	t.Fatal("no 29-day month in 2022?")
}

func TestTimeUnknown(t *testing.T) {
	c := mustChart(t, Request{Date: "2005-12-23", TZ: "Asia/Shanghai", Gender: "male"})
	if c.FourPillars.HasHour || c.Pillars.Hour != nil || c.SolarTime.UTC != nil || c.SolarTime.TrueSolar != nil {
		t.Fatal("hour present")
	}
	if got := c.FourPillars.Year.String() + c.FourPillars.Month.String() + c.FourPillars.Day.String(); got != "乙酉戊子辛巳" {
		t.Fatalf("pillars %s", got)
	}
	if !hasWarning(c, WarnTimeUnknown) || c.Luck.Pillars[0].StartYear == 0 || c.SolarTime.Clock.String() != "2005-12-23" {
		t.Fatalf("%+v", c.SolarTime)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if h, ok := doc["pillars"].(map[string]any)["hour"]; !ok || h != nil {
		t.Fatalf("pillars.hour = %v", h)
	}
	// A 节 on the birth date is flagged when the time is unknown (立春 2024
	// is on 02-04 in Beijing).
	c = mustChart(t, Request{Date: "2024-02-04", TZ: "Asia/Shanghai", Gender: "male"})
	if !hasWarning(c, WarnJieOnBirthDate) {
		t.Fatalf("%+v", c.SolarTime.Warnings)
	}
}

func TestBoundaryWarnings(t *testing.T) {
	// 立春 2024 at 16:27:07 Beijing time.
	c := mustChart(t, Request{Date: "2024-02-04", Time: "16:30", TZ: "+08:00", Gender: "male"})
	if !hasWarning(c, WarnNearSolarTerm) || c.FourPillars.Year.String() != "甲辰" {
		t.Fatalf("%+v", c.SolarTime.Warnings)
	}
	c = mustChart(t, Request{Date: "2024-02-04", Time: "16:20", TZ: "+08:00", Gender: "male"})
	if !hasWarning(c, WarnNearSolarTerm) || c.FourPillars.Year.String() != "癸卯" {
		t.Fatalf("%+v", c.SolarTime.Warnings)
	}
	c = mustChart(t, Request{Date: "2024-03-01", Time: "10:55", TZ: "+08:00", Gender: "male"})
	if !hasWarning(c, WarnNearHourBoundary) || hasWarning(c, WarnNearSolarTerm) {
		t.Fatalf("%+v", c.SolarTime.Warnings)
	}
	c = mustChart(t, Request{Date: "2024-03-01", Time: "10:00", TZ: "+08:00", Gender: "male"})
	if len(c.SolarTime.Warnings) != 0 {
		t.Fatalf("%+v", c.SolarTime.Warnings)
	}
	c = mustChart(t, Request{Date: "2024-03-01", Time: "00:05", TZ: "+08:00", Gender: "male", ZiRule: "split"})
	if !hasWarning(c, WarnNearHourBoundary) {
		t.Fatalf("%+v", c.SolarTime.Warnings)
	}
	c = mustChart(t, Request{Date: "2060-03-01", Time: "10:00", TZ: "+08:00", Gender: "male"})
	if !hasWarning(c, WarnAfter2050) {
		t.Fatalf("%+v", c.SolarTime.Warnings)
	}
	// Shanghai before 1901 is local mean time in tzdata.
	c = mustChart(t, Request{Date: "1890-03-01", Time: "10:00", TZ: "Asia/Shanghai", Gender: "male"})
	if !hasWarning(c, WarnLMT) || c.SolarTime.UTCOffsetMinutes != 485 {
		t.Fatalf("%+v", c.SolarTime)
	}
}

func TestParseErrors(t *testing.T) {
	ok := Request{Date: "2000-01-01", Time: "12:00", TZ: "+08:00", Gender: "male"}
	cases := []struct {
		mod   func(*Request)
		field string
		code  string
	}{
		{func(r *Request) { r.Date = "" }, "date", "required"},
		{func(r *Request) { r.Date = "2000/01/01" }, "date", "invalid_date"},
		{func(r *Request) { r.Date = "2001-02-29" }, "date", "invalid_date"},
		{func(r *Request) { r.Date = "2000-13-01" }, "date", "invalid_date"},
		{func(r *Request) { r.Date = "1799-12-31" }, "date", "out_of_range"},
		{func(r *Request) { r.Date = "2201-01-01" }, "date", "out_of_range"},
		{func(r *Request) { r.Time = "24:00" }, "time", "invalid_time"},
		{func(r *Request) { r.Time = "12:5" }, "time", "invalid_time"},
		{func(r *Request) { r.Time = "noon" }, "time", "invalid_time"},
		{func(r *Request) { r.TZ = "" }, "tz", "required"},
		{func(r *Request) { r.TZ = "Mars/Olympus" }, "tz", "unknown_tz"},
		{func(r *Request) { r.TZ = "Local" }, "tz", "unknown_tz"},
		{func(r *Request) { r.TZ = "+15:00" }, "tz", "out_of_range"},
		{func(r *Request) { r.Lon = f64(200) }, "lon", "out_of_range"},
		{func(r *Request) { r.Lat = f64(math.NaN()) }, "lat", "out_of_range"},
		{func(r *Request) { r.Gender = "" }, "gender", "required"},
		{func(r *Request) { r.Gender = "x" }, "gender", "invalid_value"},
		{func(r *Request) { r.ZiRule = "early" }, "zi_rule", "invalid_value"},
		{func(r *Request) { r.LuckMethod = "hours" }, "luck_method", "invalid_value"},
		{func(r *Request) { r.Calendar = "julian" }, "calendar", "invalid_value"},
		{func(r *Request) { r.LeapMonth = true }, "leap_month", "invalid_value"},
		{func(r *Request) { r.Calendar = "lunar"; r.Date = "1799-05-01" }, "date", "out_of_range"},
	}
	for _, tc := range cases {
		r := ok
		tc.mod(&r)
		fe := parseErr(t, r)
		if fe.Field != tc.field || fe.Code != tc.code || fe.Message == "" {
			t.Errorf("%+v: got %+v, want %s/%s", r, fe, tc.field, tc.code)
		}
	}
	for _, tz := range []string{"UTC", "+08:00", "-05:30", "+0800", "UTC+8", "GMT-03:00", "Asia/Kolkata"} {
		r := ok
		r.TZ = tz
		if _, err := r.Parse(); err != nil {
			t.Errorf("tz %q: %v", tz, err)
		}
	}
	if in, _ := (Request{Date: "2000-01-01", Time: "12:00", TZ: "-05:30", Gender: "male"}).Parse(); in.ClockOffset != -19800 {
		t.Fatalf("offset %d", in.ClockOffset)
	}
	if _, err := Compute(Input{}, testNow); !errors.Is(err, ErrInput) {
		t.Fatalf("zero input: %v", err)
	}
}

func TestChartJSONPaths(t *testing.T) {
	c := mustChart(t, Request{Date: "2022-03-09", Time: "20:51", TZ: "Asia/Shanghai", Gender: "male"})
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	get := func(path string) any {
		var v any = doc
		for _, k := range strings.Split(path, ".") {
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("%s: not an object at %s", path, k)
			}
			if v, ok = m[k]; !ok {
				t.Fatalf("%s: missing %s", path, k)
			}
		}
		return v
	}
	for _, p := range []string{"year", "month", "day", "hour"} {
		for _, f := range []string{"ganzhi", "stem", "branch", "nayin", "hidden_stems", "ten_god"} {
			get("pillars." + p + "." + f)
		}
	}
	if s := get("pillars.day.ganzhi"); s != "辛酉" {
		t.Fatalf("day %v", s)
	}
	if s := get("solar_time.utc"); s != "2022-03-09T12:51:00Z" {
		t.Fatalf("utc %v", s)
	}
	if s := get("solar_time.clock"); s != "2022-03-09T20:51:00" {
		t.Fatalf("clock %v", s)
	}
	if get("solar_time.true_solar") != nil {
		t.Fatal("true_solar should be null")
	}
	get("solar_time.warnings")
	get("solar_time.prev_term.utc")
	get("solar_time.next_term.local")
	if s := get("luck.direction"); s != "forward" {
		t.Fatalf("direction %v", s)
	}
	if s := get("luck.start_time"); s != "2030-12-12T07:19:00" {
		t.Fatalf("start %v", s)
	}
	ps := get("luck.pillars").([]any)
	if len(ps) != 10 {
		t.Fatalf("%d luck pillars", len(ps))
	}
	p0 := ps[0].(map[string]any)
	for _, f := range []string{"ganzhi", "start_age", "start_year", "end_year", "ten_god", "years"} {
		if _, ok := p0[f]; !ok {
			t.Fatalf("luck pillar lacks %s", f)
		}
	}
	if p0["start_year"].(float64) != 2030 || p0["start_age"].(float64) != 9 {
		t.Fatalf("first pillar %v", p0)
	}
	if get("options.zi_rule") != "next-day" || get("options.luck_method") != "exact" || get("options.true_solar_time") != false {
		t.Fatal("options")
	}
	if get("input.date") != "2022-03-09" {
		t.Fatal("input echo")
	}
	// now = 2026-06-01: before the first 大运, 流年 2026 丙午, age 5.
	cur := c.Luck.Current
	if cur.DaYun != 0 || cur.LiuNianYear != 2026 || cur.LiuNianGanZhi != "丙午" || cur.Age != 5 {
		t.Fatalf("current %+v", cur)
	}
	c2, _ := Compute(mustInput(t, Request{Date: "2022-03-09", Time: "20:51", TZ: "Asia/Shanghai", Gender: "male"}), time.Date(2045, 1, 10, 0, 0, 0, 0, time.UTC))
	if cur := c2.Luck.Current; cur.DaYun != 2 || cur.GanZhi != "乙巳" || cur.LiuNianYear != 2044 {
		t.Fatalf("current 2045-01 %+v", cur)
	}
}

func mustInput(t *testing.T, r Request) Input {
	in, err := r.Parse()
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func TestLiuYue(t *testing.T) {
	ms, ok := LiuYue(2024)
	if !ok || ms[0].GanZhi != "丙寅" || ms[0].Jie != "立春" || ms[11].GanZhi != "丁丑" || ms[11].Jie != "小寒" {
		t.Fatalf("%+v", ms)
	}
	if ms[0].Start.Format(time.RFC3339) != "2024-02-04T08:27:07Z" || !ms[0].End.Equal(ms[1].Start) {
		t.Fatalf("%+v", ms[0])
	}
	if _, ok := LiuYue(2300); ok {
		t.Fatal("2300 accepted")
	}
}

func TestReverseLookup(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for i := 0; i < 300; i++ {
		b := randomBirths(1, rng.Int63())[0]
		in, err := b.request().Parse()
		if err != nil {
			t.Fatal(err)
		}
		zi := ZiRule(rng.Intn(2))
		in.ZiRule = zi
		p, _ := PillarsOf(in)
		if i%3 == 0 {
			p.HasHour = false
		}
		ms, err := ReverseLookup(p, MinYear, MaxYear, zi)
		if err != nil {
			t.Fatal(err)
		}
		w := in.UTC.Unix() + beijing
		found := false
		for _, m := range ms {
			if m.Start.Sec <= w && w < m.End.Sec {
				found = true
			}
			// Every window start must give back the pillars.
			q, _ := PillarsOf(mustInput(t, Request{Date: m.Start.String()[:10], Time: m.Start.String()[11:], TZ: "+08:00", Gender: "male", ZiRule: zi.String()}))
			if q.Year != p.Year || q.Month != p.Month || q.Day != p.Day || (p.HasHour && q.Hour != p.Hour) {
				t.Fatalf("window %s has pillars %+v, want %+v", m.Start, q, p)
			}
		}
		if !found {
			t.Fatalf("%+v (zi %s): birth not in %d windows", b, zi, len(ms))
		}
	}
	// lunar-go's own reverse lookup (1900 to now) is contained in ours.
	ls := calendar.ListSolarFromBaZiBySectAndBaseYear("庚子", "戊子", "辛巳", "戊子", 2, 1900)
	p := Pillars{HasHour: true}
	p.Year, _ = ParseGanZhi("庚子")
	p.Month, _ = ParseGanZhi("戊子")
	p.Day, _ = ParseGanZhi("辛巳")
	p.Hour, _ = ParseGanZhi("戊子")
	ms, _ := ReverseLookup(p, 1900, 2100, ZiSplit)
	if ls.Len() == 0 || len(ms) < ls.Len() {
		t.Fatalf("lunar-go found %d, we found %d", ls.Len(), len(ms))
	}
	for e := ls.Front(); e != nil; e = e.Next() {
		s := solarWall(e.Value.(*calendar.Solar))
		ok := false
		for _, m := range ms {
			ok = ok || m.Start == s
		}
		if !ok {
			t.Errorf("lunar-go %s not found in %v", s, ms)
		}
	}
	if _, err := ReverseLookup(p, 2000, 1990, ZiSplit); err == nil {
		t.Fatal("reversed range accepted")
	}
}
