package astro

import (
	"encoding/json"
	"os"
	"testing"
	"time"
)

// benchBirth is one of the 256 varied births in testdata/births.json,
// which testdata/bench.js times astronomy-engine on; UTC is the instant
// Parse finds (TestBenchBirths keeps it so).
type benchBirth struct {
	Date        string  `json:"date"`
	Time        string  `json:"time"`
	TZ          string  `json:"tz"`
	Lat         float64 `json:"lat"`
	Lon         float64 `json:"lon"`
	HouseSystem string  `json:"house_system"`
	UTC         string  `json:"utc"`
}

func readBenchBirths(tb testing.TB) []benchBirth {
	raw, err := os.ReadFile("testdata/births.json")
	if err != nil {
		tb.Fatal(err)
	}
	var bs []benchBirth
	if err := json.Unmarshal(raw, &bs); err != nil {
		tb.Fatal(err)
	}
	return bs
}

func (b benchBirth) request() Request {
	lat, lon := b.Lat, b.Lon
	return Request{Date: b.Date, Time: b.Time, TZ: b.TZ, Lat: &lat, Lon: &lon, HouseSystem: b.HouseSystem}
}

func benchInputs(tb testing.TB) []Input {
	bs := readBenchBirths(tb)
	ins := make([]Input, len(bs))
	for i, b := range bs {
		in, err := b.request().Parse()
		if err != nil {
			tb.Fatalf("%+v: %v", b, err)
		}
		ins[i] = in
	}
	return ins
}

// TestBenchBirths: every benchmark birth parses, to the instant bench.js
// uses.
func TestBenchBirths(t *testing.T) {
	for _, b := range readBenchBirths(t) {
		in, err := b.request().Parse()
		if err != nil {
			t.Fatalf("%+v: %v", b, err)
		}
		if got := in.UTC.Format(time.RFC3339); got != b.UTC {
			t.Errorf("%s %s %s: UTC %s, births.json says %s", b.Date, b.Time, b.TZ, got, b.UTC)
		}
	}
}

// BenchmarkAstro: a full natal chart (all bodies with rates, nodes,
// angles, houses, aspects) per op on 256 varied births (astronomy-engine:
// node testdata/bench.js). cpu-ns/op is the process's CPU time per chart.
func BenchmarkAstro(b *testing.B) {
	ins := benchInputs(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for i := 0; i < b.N; i++ {
		if _, err := Compute(ins[i%len(ins)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
}

// BenchmarkAstroParse: Request.Parse, the zone lookup included.
func BenchmarkAstroParse(b *testing.B) {
	bs := readBenchBirths(b)
	reqs := make([]Request, len(bs))
	for i, x := range bs {
		reqs[i] = x.request()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := reqs[i%len(reqs)].Parse(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAstroPositions: Positions alone (transits, synastry).
func BenchmarkAstroPositions(b *testing.B) {
	ins := benchInputs(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Positions(ins[i%len(ins)].UTC); err != nil {
			b.Fatal(err)
		}
	}
}
