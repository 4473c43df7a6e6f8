package bazi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"testing"
	"time"

	gojson "github.com/goccy/go-json"
)

// jsonRefs marshals v with encoding/json and with goccy/go-json (the
// server's Fiber encoder) and fails when they disagree.
func jsonRefs(t testing.TB, v any) []byte {
	t.Helper()
	std, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	gc, err := gojson.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(std, gc) {
		t.Fatalf("encoding/json and goccy disagree:\n%s", firstDiff(std, gc))
	}
	return std
}

// firstDiff shows both documents around their first differing byte.
func firstDiff(want, got []byte) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	lo := max(i-120, 0)
	return fmt.Sprintf("at byte %d (len want %d, got %d)\nwant …%s…\n got …%s…", i, len(want), len(got),
		want[lo:min(i+80, len(want))], got[lo:min(i+80, len(got))])
}

// jsonDiffZones are IANA zones (with DST, LMT before standard time, odd
// offsets) and fixed offsets.
var jsonDiffZones = []string{
	"+08:00", "Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Tokyo", "UTC", "-03:30",
	"Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham",
	"Europe/Amsterdam", "Asia/Hong_Kong", "America/Sao_Paulo", "Africa/Monrovia", "+05:45", "-11:00", "Asia/Urumqi",
}

// randomChartRequest draws a request over the table's range with random
// options; dates get the odd spacing Parse accepts (echoed verbatim).
// Aliases such as "F" are the request codec's (internal/chartinput).
func randomChartRequest(rng *rand.Rand) Request {
	var r Request
	pick := func(ss ...string) string { return ss[rng.Intn(len(ss))] }
	y := MinYear + rng.Intn(MaxYear-MinYear+1)
	if rng.Intn(6) == 0 {
		r.Calendar = "lunar"
		r.LeapMonth = rng.Intn(3) == 0
		r.Date = fmt.Sprintf("%04d-%02d-%02d", y, 1+rng.Intn(12), 1+rng.Intn(30))
		if r.LeapMonth && rng.Intn(2) == 0 {
			lm := knownLeapMonths[rng.Intn(len(knownLeapMonths))]
			r.Date = fmt.Sprintf("%04d-%02d-%02d", lm[0], lm[1], 1+rng.Intn(29))
		}
	} else {
		if rng.Intn(8) == 0 {
			r.Calendar = pick("solar", "")
		}
		r.Date = fmt.Sprintf("%04d-%02d-%02d", y, 1+rng.Intn(12), 1+rng.Intn(28))
		if rng.Intn(10) == 0 {
			r.Date = pick(" ", "\t") + r.Date + pick("\n", "\u2028", " ")
		}
	}
	if rng.Intn(8) != 0 {
		r.Time = fmt.Sprintf("%02d:%02d", rng.Intn(24), rng.Intn(60))
		if rng.Intn(2) == 0 {
			r.Time += fmt.Sprintf(":%02d", rng.Intn(60))
		}
	}
	r.TZ = jsonDiffZones[rng.Intn(len(jsonDiffZones))]
	r.Gender = pick("male", "female")
	switch rng.Intn(4) {
	case 0:
		r.ZiRule = pick("split", "next-day")
	}
	switch rng.Intn(3) {
	case 0:
		r.LuckMethod = pick("exact", "days", "minutes")
	}
	if rng.Intn(3) == 0 {
		var lon float64
		switch rng.Intn(6) {
		case 0:
			lon = pick2(rng, 1e-7, -1e-7, 0, math.Copysign(0, -1), 180, -180, 120.5, 1.5e-6, 9.99e-7)
		default:
			lon = rng.Float64()*360 - 180
		}
		r.Lon = &lon
		r.TrueSolarTime = rng.Intn(3) != 0
		if rng.Intn(2) == 0 {
			lat := rng.Float64()*180 - 90
			if rng.Intn(5) == 0 {
				lat = math.Copysign(0, -1)
			}
			r.Lat = &lat
		}
	}
	return r
}

// knownLeapMonths are lunar years with their leap month.
var knownLeapMonths = [][2]int{{1900, 8}, {1990, 5}, {2001, 4}, {2004, 2}, {2006, 7}, {2009, 5}, {2012, 4}, {2014, 9}, {2017, 6}, {2020, 4}, {2023, 2}, {2025, 6}}

func pick2(rng *rand.Rand, fs ...float64) float64 { return fs[rng.Intn(len(fs))] }

// randomCharts computes n charts from random requests (requests Parse
// refuses, such as a DST gap or a missing leap month, are drawn again).
func randomCharts(t testing.TB, n int, seed int64) []*Chart {
	rng := rand.New(rand.NewSource(seed))
	nows := []time.Time{testNow, time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2031, 2, 3, 4, 5, 6, 789000000, time.FixedZone("X", 5*3600+1800)),
		time.Date(2199, 12, 31, 23, 59, 59, 1, time.UTC)}
	out := make([]*Chart, 0, n)
	for tries := 0; len(out) < n; tries++ {
		if tries > 20*n {
			t.Fatalf("only %d of %d requests parsed", len(out), n)
		}
		in, err := randomChartRequest(rng).Parse()
		if err != nil {
			continue
		}
		c, err := Compute(in, nows[rng.Intn(len(nows))])
		if err != nil {
			continue // out of the table's range (1800 near the edges)
		}
		out = append(out, c)
	}
	return out
}

// TestChartAppendJSONMatches checks Chart.AppendJSON byte for byte against
// encoding/json and goccy/go-json over random charts (3,000; 300 with
// -short).
func TestChartAppendJSONMatches(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	var seen struct{ lunar, leap, noTime, tst, split, lon, warn, pre, xiao int }
	fails := 0
	for i, c := range randomCharts(t, n, 20261126) {
		want := jsonRefs(t, c)
		got := c.AppendJSON(nil)
		if !bytes.Equal(got, want) {
			fails++
			if fails <= 5 {
				t.Errorf("chart %d (%+v): %s", i, c.Input, firstDiff(want, got))
			}
		}
		// Appending after existing bytes writes the same.
		if got2 := c.AppendJSON([]byte("x")); !bytes.Equal(got2[1:], want) {
			t.Fatalf("chart %d: AppendJSON after a prefix differs", i)
		}
		if c.Lunar != nil && c.Options.Calendar == "lunar" {
			seen.lunar++
			if c.Input.LeapMonth {
				seen.leap++
			}
		}
		if !c.Options.TimeKnown {
			seen.noTime++
		}
		if c.Options.TrueSolarTime {
			seen.tst++
		}
		if c.Options.ZiRule == ZiSplit {
			seen.split++
		}
		if c.Input.Lon != nil {
			seen.lon++
		}
		if len(c.SolarTime.Warnings) > 1 {
			seen.warn++
		}
		if len(c.Luck.PreLuck.Years) > 0 {
			seen.pre++
		}
		if c.Luck.Pillars[0].Years[0].HasXiaoYun {
			seen.xiao++
		}
	}
	if fails > 0 {
		t.Fatalf("%d of %d charts differ", fails, n)
	}
	t.Logf("cases covered: %+v", seen)
	if seen.lunar == 0 || seen.leap == 0 || seen.noTime == 0 || seen.tst == 0 || seen.split == 0 || seen.warn == 0 {
		t.Errorf("the random requests miss a case: %+v", seen)
	}
}

// TestChartAppendJSONEdgeValues covers what random charts do not: the zero
// chart (nil slices and pointers, zero times), empty slices, hostile
// strings in every echoed field and numbers in the 'e' form.
func TestChartAppendJSONEdgeValues(t *testing.T) {
	check := func(name string, c *Chart) {
		t.Helper()
		want := jsonRefs(t, c)
		if got := c.AppendJSON(nil); !bytes.Equal(got, want) {
			t.Errorf("%s: %s", name, firstDiff(want, got))
		}
	}
	check("zero chart", &Chart{})

	c := randomCharts(t, 1, 7)[0]
	c.SolarTime.Warnings = []Warning{}
	c.Relations.Stems, c.Relations.Branches = []Relation{}, nil
	c.ShenSha = []ShenSha{}
	c.Elements.Missing, c.Strength.RootPillars, c.Favourable.Favourable = nil, []string{}, nil
	c.Pillars.Year.HiddenStems = []HiddenStem{}
	c.Pillars.Month.HiddenStems = nil
	c.Luck.PreLuck.Years = []LiuNian{}
	check("empty and nil slices", c)

	hostile := []string{"<script>alert(1)</script>", "a&b", "\u2028\u2029", "\xff\xfe", "\"quoted\" \\ back", "\x00\x01\x1f\x7f\b\f\n\r\t", "北京\xe4\xb8", "é\u00a0\U0001F600"}
	for i, s := range hostile {
		c := randomCharts(t, 1, int64(100+i))[0]
		c.Input.Date, c.Input.Time, c.Input.Calendar, c.Input.TZ = s, s, s, s
		c.Input.Gender, c.Input.ZiRule, c.Input.LuckMethod = s, s, s
		c.SolarTime.TZ, c.SolarTime.Zone = s, s
		c.SolarTime.Warnings = append(c.SolarTime.Warnings, Warning{Code: s, Message: s})
		c.Options.Calendar = s
		c.Pillars.Day.Animal, c.DayMaster.Pinyin, c.Favourable.ClimateNote = s, s, s
		c.Elements.Missing = []string{s, ""}
		c.Luck.Current.GanZhi, c.Luck.Current.LiuNianGanZhi = s, s
		c.lunar.Text = s
		c.Lunar = &c.lunar
		check(strconv.Quote(s), c)
	}

	for _, f := range []float64{1e-7, -1e-7, 1e-6, 9.999999e-7, 1e21, 1e20, 123456789.123, -0.0, math.Copysign(0, -1), 5e-324, math.MaxFloat64, 1 << 53, 1<<53 + 2, -(1 << 60), 0.1, 2.5e-10, 1.7976931348623157e308} {
		c := randomCharts(t, 1, 9)[0]
		lon, lat := f, -f
		c.Input.Lon, c.Input.Lat = &lon, &lat
		c.SolarTime.Corrections = Corrections{f, -f, f / 3, f / 7}
		c.Elements.Scores.Wood, c.Strength.Score = f, f
		c.Pillars.Day.HiddenStems = []HiddenStem{{Weight: f}}
		check(strconv.FormatFloat(f, 'g', -1, 64), c)
	}
}

// TestAppendJSONMatchesMarshalJSON checks the pieces with a MarshalJSON of
// their own against it, and those against encoding/json of the values.
func TestAppendJSONMatchesMarshalJSON(t *testing.T) {
	for _, c := range randomCharts(t, 50, 3) {
		for _, r := range append(append([]Relation{}, c.Relations.Stems...), c.Relations.Branches...) {
			mj, _ := r.MarshalJSON()
			if got := r.AppendJSON(nil); !bytes.Equal(got, mj) || !bytes.Equal(jsonRefs(t, r), mj) {
				t.Errorf("relation %s / %s", got, mj)
			}
		}
		for _, s := range c.ShenSha {
			mj, _ := s.MarshalJSON()
			if !bytes.Equal(jsonRefs(t, s), mj) {
				t.Errorf("shen sha %s", mj)
			}
		}
		mj, _ := c.Luck.Pillars[3].MarshalJSON()
		if !bytes.Equal(jsonRefs(t, c.Luck.Pillars[3]), mj) {
			t.Errorf("luck pillar %s", mj)
		}
		mj, _ = c.SolarTime.NextJie.MarshalJSON()
		if !bytes.Equal(jsonRefs(t, c.SolarTime.NextJie), mj) {
			t.Errorf("term %s", mj)
		}
		// The round trip through the UnmarshalJSON methods still holds.
		var back Relations
		if err := json.Unmarshal(jsonRefs(t, c.Relations), &back); err != nil {
			t.Fatal(err)
		}
	}
	months, _ := LiuYue(2026)
	for i := range months {
		if got, want := months[i].AppendJSON(nil), jsonRefs(t, months[i]); !bytes.Equal(got, want) {
			t.Errorf("liu yue: %s", firstDiff(want, got))
		}
	}
}

// BenchmarkChartJSON encodes one chart (with hour, true solar time) with
// encoding/json, goccy/go-json (the server's encoder before AppendJSON) and
// AppendJSON into a reused buffer.
func BenchmarkChartJSON(b *testing.B) {
	lon := 116.4
	in, err := Request{Date: "1988-02-15", Time: "23:30", TZ: "Asia/Shanghai", Gender: "male", Lon: &lon, TrueSolarTime: true}.Parse()
	if err != nil {
		b.Fatal(err)
	}
	c, err := Compute(in, testNow)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			out, err := json.Marshal(c)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(out)))
		}
	})
	b.Run("goccy", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			out, err := gojson.Marshal(c)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(out)))
		}
	})
	b.Run("append", func(b *testing.B) {
		var buf []byte
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			buf = c.AppendJSON(buf[:0])
			b.SetBytes(int64(len(buf)))
		}
	})
}
