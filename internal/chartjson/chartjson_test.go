package chartjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"testing"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/places"
)

var testNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// jsonRefs marshals v with encoding/json and with goccy/go-json (the
// app's Fiber encoder) and fails when they disagree.
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

// jsonDiffPlaces are birthplace names in several scripts.
var jsonDiffPlaces = []string{"Beijing", "北京", "臺北", "London", "Urumqi", "New York", "Lù'ān", "Sydney"}

// knownLeapMonths are lunar years with their leap month.
var knownLeapMonths = [][2]int{{1900, 8}, {1990, 5}, {2001, 4}, {2004, 2}, {2006, 7}, {2009, 5}, {2012, 4}, {2014, 9}, {2017, 6}, {2020, 4}, {2023, 2}, {2025, 6}}

// randomRequest draws a request as clients send it, over the table's range
// with random options: the aliases and odd spacing chartinput accepts
// (which the document echoes as sent), birthplaces filling the zone and
// coordinates, and 流月.
func randomRequest(rng *rand.Rand) chartinput.Request {
	var r chartinput.Request
	pick := func(ss ...string) string { return ss[rng.Intn(len(ss))] }
	y := bazi.MinYear + rng.Intn(bazi.MaxYear-bazi.MinYear+1)
	if rng.Intn(6) == 0 {
		r.Calendar = pick("lunar", "Lunar", "chinese", " LUNAR ")
		r.LeapMonth = rng.Intn(3) == 0
		r.Date = fmt.Sprintf("%04d-%02d-%02d", y, 1+rng.Intn(12), 1+rng.Intn(30))
		if r.LeapMonth && rng.Intn(2) == 0 {
			lm := knownLeapMonths[rng.Intn(len(knownLeapMonths))]
			r.Date = fmt.Sprintf("%04d-%02d-%02d", lm[0], lm[1], 1+rng.Intn(29))
		}
	} else {
		if rng.Intn(8) == 0 {
			r.Calendar = pick("solar", "", "gregorian", "Solar\t")
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
	r.Gender = pick("male", "female", "m", "F", " Female\t", "MALE")
	if rng.Intn(4) == 0 {
		r.ZiRule = pick("split", "next-day", "next_day", "NextDay", "Split\u2029")
	}
	if rng.Intn(3) == 0 {
		r.LuckMethod = pick("exact", "days", "minutes", "Exact", " DAYS")
	}
	if rng.Intn(3) == 0 {
		var lon float64
		switch rng.Intn(6) {
		case 0:
			lon = pickFloat(rng, 1e-7, -1e-7, 0, math.Copysign(0, -1), 180, -180, 120.5, 1.5e-6, 9.99e-7)
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
	if rng.Intn(4) == 0 {
		r.Place = jsonDiffPlaces[rng.Intn(len(jsonDiffPlaces))]
		if rng.Intn(2) == 0 {
			r.TZ = ""
		}
		r.TrueSolarTime = rng.Intn(2) == 0
	}
	if rng.Intn(5) == 0 {
		r.LiuYueYear = bazi.MinYear + rng.Intn(bazi.MaxYear-bazi.MinYear+1)
	}
	return r
}

func pickFloat(rng *rand.Rand, fs ...float64) float64 { return fs[rng.Intn(len(fs))] }

// randomDocs builds n documents from random requests (requests refused,
// such as a DST gap or a missing leap month, are drawn again).
func randomDocs(t testing.TB, n int, seed int64) []*chartinput.Document {
	rng := rand.New(rand.NewSource(seed))
	nows := []time.Time{testNow, time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2031, 2, 3, 4, 5, 6, 789000000, time.FixedZone("X", 5*3600+1800)),
		time.Date(2199, 12, 31, 23, 59, 59, 1, time.UTC)}
	out := make([]*chartinput.Document, 0, n)
	for tries := 0; len(out) < n; tries++ {
		if tries > 20*n {
			t.Fatalf("only %d of %d requests built", len(out), n)
		}
		doc, err := chartinput.Build(randomRequest(rng), nows[rng.Intn(len(nows))])
		if err != nil {
			continue
		}
		out = append(out, doc)
	}
	return out
}

// TestDocumentMatches checks AppendDocument byte for byte against
// encoding/json and goccy/go-json over random documents (3,000; 300 with
// -short).
func TestDocumentMatches(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	var seen struct{ lunar, leap, noTime, tst, split, lon, warn, pre, xiao, alias, place, liuYue int }
	fails := 0
	for i, d := range randomDocs(t, n, 20261126) {
		want := jsonRefs(t, d)
		got := AppendDocument(nil, d)
		if !bytes.Equal(got, want) {
			fails++
			if fails <= 5 {
				t.Errorf("document %d (%+v): %s", i, d.Input, firstDiff(want, got))
			}
		}
		// Appending after existing bytes writes the same.
		if got2 := AppendDocument([]byte("x"), d); !bytes.Equal(got2[1:], want) {
			t.Fatalf("document %d: AppendDocument after a prefix differs", i)
		}
		c := d.Chart
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
		if c.Options.ZiRule == bazi.ZiSplit {
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
		if c.Input.Gender != c.Options.Gender.String() {
			seen.alias++
		}
		if d.Place != nil {
			seen.place++
		}
		if len(d.LiuYue) > 0 {
			seen.liuYue++
		}
	}
	if fails > 0 {
		t.Fatalf("%d of %d documents differ", fails, n)
	}
	t.Logf("cases covered: %+v", seen)
	if seen.lunar == 0 || seen.leap == 0 || seen.noTime == 0 || seen.tst == 0 || seen.split == 0 || seen.warn == 0 ||
		seen.alias == 0 || seen.place == 0 || seen.liuYue == 0 {
		t.Errorf("the random requests miss a case: %+v", seen)
	}
}

// TestDocumentEdgeValues covers what random documents do not: the zero
// document and chart (nil slices and pointers, zero times), empty slices,
// hostile strings in every echoed field and numbers in the 'e' form.
func TestDocumentEdgeValues(t *testing.T) {
	check := func(name string, d *chartinput.Document) {
		t.Helper()
		want := jsonRefs(t, d)
		if got := AppendDocument(nil, d); !bytes.Equal(got, want) {
			t.Errorf("%s: %s", name, firstDiff(want, got))
		}
	}
	check("zero document", &chartinput.Document{})
	check("zero chart", &chartinput.Document{Chart: &bazi.Chart{}})
	check("empty liu yue", &chartinput.Document{LiuYue: []bazi.LiuYueMonth{}})
	check("zero months", &chartinput.Document{LiuYue: make([]bazi.LiuYueMonth, 2)})
	check("place only", &chartinput.Document{Place: &places.Place{Name: "<&>"}})
	check("zero place and a month", &chartinput.Document{Place: &places.Place{}, LiuYue: make([]bazi.LiuYueMonth, 1)})

	one := func(seed int64) *chartinput.Document { return randomDocs(t, 1, seed)[0] }
	d := one(7)
	c := d.Chart
	c.SolarTime.Warnings = []bazi.Warning{}
	c.Relations.Stems, c.Relations.Branches = []bazi.Relation{}, nil
	c.ShenSha = []bazi.ShenSha{}
	c.Elements.Missing, c.Strength.RootPillars, c.Favourable.Favourable = nil, []string{}, nil
	c.Pillars.Year.HiddenStems = []bazi.HiddenStem{}
	c.Pillars.Month.HiddenStems = nil
	c.Luck.PreLuck.Years = []bazi.LiuNian{}
	check("empty and nil slices", d)

	hostile := []string{"<script>alert(1)</script>", "a&b", "\u2028\u2029", "\xff\xfe", "\"quoted\" \\ back", "\x00\x01\x1f\x7f\b\f\n\r\t", "北京\xe4\xb8", "é\u00a0\U0001F600"}
	for i, s := range hostile {
		d := one(int64(100 + i))
		c := d.Chart
		c.Input.Date, c.Input.Time, c.Input.Calendar, c.Input.TZ = s, s, s, s
		c.Input.Gender, c.Input.ZiRule, c.Input.LuckMethod = s, s, s
		c.SolarTime.TZ, c.SolarTime.Zone = s, s
		c.SolarTime.Warnings = append(c.SolarTime.Warnings, bazi.Warning{Code: s, Message: s})
		c.Options.Calendar = s
		c.Pillars.Day.Animal, c.DayMaster.Pinyin, c.Favourable.ClimateNote = s, s, s
		c.Elements.Missing = []string{s, ""}
		c.Luck.Current.GanZhi, c.Luck.Current.LiuNianGanZhi = s, s
		lunar := bazi.LunarInfo{Text: s}
		if c.Lunar != nil {
			lunar = *c.Lunar
			lunar.Text = s
		}
		c.Lunar = &lunar
		d.Place = &places.Place{ID: s, Name: s, NameZhHans: s, NameZhHant: s, Pinyin: s, Country: s, CountryName: s, Admin: s, TZ: s}
		d.LiuYue = []bazi.LiuYueMonth{{GanZhi: s, Jie: s}}
		check(strconv.Quote(s), d)
	}

	for _, f := range []float64{1e-7, -1e-7, 1e-6, 9.999999e-7, 1e21, 1e20, 123456789.123, math.Copysign(0, -1), 5e-324, math.MaxFloat64, 1 << 53, 1<<53 + 2, -(1 << 60), 0.1, 2.5e-10, 1.7976931348623157e308} {
		d := one(9)
		c := d.Chart
		lon, lat := f, -f
		c.Input.Lon, c.Input.Lat = &lon, &lat
		c.SolarTime.Corrections = bazi.Corrections{DSTMinutes: f, LongitudeMinutes: -f, EquationOfTimeMinutes: f / 3, TotalMinutes: f / 7}
		c.Elements.Scores.Wood, c.Strength.Score = f, f
		c.Pillars.Day.HiddenStems = []bazi.HiddenStem{{Weight: f}}
		d.Place = &places.Place{Lat: f, Lon: -f, Population: int(f) | 1}
		check(strconv.FormatFloat(f, 'g', -1, 64), d)
	}
}

// TestPiecesMatch checks the pieces with a MarshalJSON of their own (the
// engine's, written apart from this package) and the months against
// encoding/json of the same values.
func TestPiecesMatch(t *testing.T) {
	for _, d := range randomDocs(t, 50, 3) {
		c := d.Chart
		for _, r := range append(append([]bazi.Relation{}, c.Relations.Stems...), c.Relations.Branches...) {
			if got, want := appendRelation(nil, &r), jsonRefs(t, r); !bytes.Equal(got, want) {
				t.Errorf("relation %s / %s", got, want)
			}
		}
		for _, s := range c.ShenSha {
			if got, want := appendShenSha(nil, &s), jsonRefs(t, s); !bytes.Equal(got, want) {
				t.Errorf("shen sha %s / %s", got, want)
			}
		}
		for i := range c.Luck.Pillars {
			if got, want := appendLuckPillar(nil, &c.Luck.Pillars[i]), jsonRefs(t, c.Luck.Pillars[i]); !bytes.Equal(got, want) {
				t.Errorf("luck pillar: %s", firstDiff(want, got))
			}
		}
		if got, want := appendTermRef(nil, &c.SolarTime.NextJie), jsonRefs(t, c.SolarTime.NextJie); !bytes.Equal(got, want) {
			t.Errorf("term %s / %s", got, want)
		}
	}
	for g := range bazi.NumTenGods {
		if got, want := appendTenGod(nil, bazi.TenGod(g)), jsonRefs(t, bazi.TenGod(g)); !bytes.Equal(got, want) {
			t.Errorf("ten god %s / %s", got, want)
		}
	}
	for l := range bazi.NumLifeStages {
		if got, want := appendLifeStage(nil, bazi.LifeStage(l)), jsonRefs(t, bazi.LifeStage(l)); !bytes.Equal(got, want) {
			t.Errorf("life stage %s / %s", got, want)
		}
	}
	months, _ := bazi.LiuYue(2026)
	for i := range months {
		if got, want := appendLiuYueMonth(nil, &months[i]), jsonRefs(t, months[i]); !bytes.Equal(got, want) {
			t.Errorf("liu yue: %s", firstDiff(want, got))
		}
	}
}

// FuzzDocument feeds arbitrary request bodies through the API's decoder
// and the chart computation: whatever the user's strings and numbers, a
// document built from them encodes as encoding/json encodes it.
func FuzzDocument(f *testing.F) {
	for _, seed := range []string{
		`{"date":"1988-02-15","time":"23:30","tz":"Asia/Shanghai","gender":"male","zi_rule":"split"}`,
		`{"date":"2021-03-14","time":"02:30","tz":"America/New_York","gender":"female","luck_method":"days"}`,
		`{"date":"2020-04-01","calendar":"lunar","leap_month":true,"tz":"+08:00","gender":"male","lon":116.4,"true_solar_time":true}`,
		`{"date":"1990-01-01","place":"台北","gender":"male","liu_yue_year":2030}`,
		`{"date":" 1901-01-01\u2028","time":"00:05","place":"London","gender":" Female\t","zi_rule":"Split\u2029","luck_method":"Exact"}`,
		`{"date":"2021-11-07","time":"01:30","tz":"America/New_York","gender":"m","lon":1e-7,"lat":-0.0}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, ferr := chartinput.DecodeJSON(body)
		if ferr != nil {
			return
		}
		d, err := chartinput.Build(req, testNow)
		if err != nil {
			var fe *bazi.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("refusal is not a field error: %#v", err)
			}
			return
		}
		want := jsonRefs(t, d)
		if got := AppendDocument(nil, d); !bytes.Equal(got, want) {
			t.Fatalf("AppendDocument differs from encoding/json: %s", firstDiff(want, got))
		}
	})
}

// BenchmarkChartJSON encodes one chart document (with hour, true solar
// time) with encoding/json, goccy/go-json (the server's encoder before the
// hand-written one) and AppendDocument into a reused buffer.
func BenchmarkChartJSON(b *testing.B) {
	lon := 116.4
	d, err := chartinput.Build(chartinput.Request{Request: bazi.Request{Date: "1988-02-15", Time: "23:30", TZ: "Asia/Shanghai", Gender: "male", Lon: &lon, TrueSolarTime: true}}, testNow)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			out, err := json.Marshal(d)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(out)))
		}
	})
	b.Run("goccy", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			out, err := gojson.Marshal(d)
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
			buf = AppendDocument(buf[:0], d)
			b.SetBytes(int64(len(buf)))
		}
	})
}
