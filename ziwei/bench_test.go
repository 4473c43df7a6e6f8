package ziwei

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
)

// benchBirths reads testdata/births.json, the 256 varied births that
// testdata/bench.js times iztro on.
func benchBirths(tb testing.TB) []Birth {
	raw, err := os.ReadFile("testdata/births.json")
	if err != nil {
		tb.Fatal(err)
	}
	var in []struct {
		Date         string
		Hour, Minute int
		Gender       string
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		tb.Fatal(err)
	}
	out := make([]Birth, len(in))
	for i, r := range in {
		d, err := time.Parse(time.DateOnly, r.Date)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = Birth{Year: d.Year(), Month: int(d.Month()), Day: d.Day(), Hour: r.Hour, Minute: r.Minute}
		if r.Gender == "female" {
			out[i].Gender = bazi.Female
		}
	}
	return out
}

// BenchmarkZiwei: a full board and its horoscope for the current year, per
// board, on 256 varied births (iztro: node testdata/bench.js). cpu-ns/op is
// the process's CPU time per board, which a busy shared machine inflates
// less than the wall time.
func BenchmarkZiwei(b *testing.B) {
	births := benchBirths(b)
	year := time.Now().Year()
	var bd Board
	var h Horoscope
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for i := 0; i < b.N; i++ {
		if err := ComputeInto(&bd, births[i%len(births)], Options{}); err != nil {
			b.Fatal(err)
		}
		bd.HoroscopeInto(&h, year)
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
}

// BenchmarkZiweiAlloc is the same through Compute and Horoscope, which
// allocate the board and the horoscope.
func BenchmarkZiweiAlloc(b *testing.B) {
	births := benchBirths(b)
	year := time.Now().Year()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bd, err := Compute(births[i%len(births)], Options{})
		if err != nil {
			b.Fatal(err)
		}
		_ = bd.Horoscope(year)
	}
}

func TestComputeIntoNoAlloc(t *testing.T) {
	births := benchBirths(t)
	var bd Board
	var h Horoscope
	i := 0
	n := testing.AllocsPerRun(200, func() {
		if err := ComputeInto(&bd, births[i%len(births)], Options{}); err != nil {
			t.Fatal(err)
		}
		bd.HoroscopeInto(&h, 2025)
		i++
	})
	if n != 0 {
		t.Errorf("%v allocations per board", n)
	}
}
