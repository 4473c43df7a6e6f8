package dayscore

import (
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/almanac"
	"github.com/bazi-master/bazi-master/bazi"
)

func chartOf(t testing.TB, date, clock string) *bazi.Chart {
	t.Helper()
	in, err := bazi.Request{Date: date, Time: clock, TZ: "Asia/Shanghai", Gender: "male"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	c, err := bazi.Compute(in, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func dayOf(t testing.TB, d almanac.Date) (almanac.Day, bazi.GanZhi) {
	t.Helper()
	day, err := almanac.On(d)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := bazi.ParseGanZhi(day.DayGanZhi)
	if !ok {
		t.Fatalf("day pillar %q", day.DayGanZhi)
	}
	return day, g
}

// Whatever the day, the breakdown a reader sees adds up to the score,
// which stays within 0–100.
func TestPartsSumToTotal(t *testing.T) {
	charts := []*bazi.Chart{chartOf(t, "2000-01-01", "12:00"), chartOf(t, "1988-06-15", ""), chartOf(t, "1975-11-30", "03:10")}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 120; i++ {
		day, g := dayOf(t, almanac.DateOf(start.AddDate(0, 0, i*3)))
		for _, c := range charts {
			s := Of(bazi.DayReading(c, g), day)
			sum := Base
			for _, p := range s.Parts {
				sum += p.Points
				if p.Rule == "" {
					t.Errorf("%v: part %s has no rule", day.Date, p.Key)
				}
			}
			if sum != s.Total || s.Total < 0 || s.Total > 100 {
				t.Fatalf("%v: parts sum to %d, total %d", day.Date, sum, s.Total)
			}
		}
	}
}

// 2024-02-10 is a 金匮 (黄道) day under the officer 满: +10 and −3.
func TestAlmanacParts(t *testing.T) {
	day, _ := dayOf(t, almanac.Date{Year: 2024, Month: 2, Day: 10})
	s := Of(nil, day)
	if len(s.Parts) != 2 || s.Parts[0].Key != "deity" || s.Parts[0].Points != 10 || s.Parts[1].Key != "officer" || s.Parts[1].Points != -3 {
		t.Fatalf("parts %+v", s.Parts)
	}
	if s.Total != 57 || s.Band() != "fair" {
		t.Fatalf("total %d band %s", s.Total, s.Band())
	}
	if b, ok := s.Best(); !ok || b.Key != "deity" {
		t.Errorf("best %+v", b)
	}
	if w, ok := s.Worst(); !ok || w.Key != "officer" {
		t.Errorf("worst %+v", w)
	}
}

// A clash with the day pillar takes ten points.
func TestClashTakesPoints(t *testing.T) {
	c := chartOf(t, "2000-01-01", "12:00") // day pillar 戊午
	day, _ := dayOf(t, almanac.Date{Year: 2024, Month: 2, Day: 10})
	g, _ := bazi.ParseGanZhi("甲子")
	s := Of(bazi.DayReading(c, g), day)
	found := false
	for _, p := range s.Parts {
		if p.Key == "branch_chong" && p.Rule == "子午冲" {
			found = found || p.Points == -10
		}
	}
	if !found {
		t.Fatalf("no 子午冲 at -10 in %+v", s.Parts)
	}
}

func BenchmarkOf(b *testing.B) {
	c := chartOf(b, "2000-01-01", "12:00")
	day, g := dayOf(b, almanac.Date{Year: 2024, Month: 2, Day: 10})
	for b.Loop() {
		Of(bazi.DayReading(c, g), day)
	}
}
