package bazi

import (
	"math/rand"
	"testing"

	"github.com/6tail/lunar-go/calendar"
)

// benchBirths are varied births (years 1800–2200, both genders); zones,
// rules and methods vary too.
func benchInputs(b *testing.B) ([]Input, []diffBirth) {
	births := randomBirths(1024, 99)
	// Shuffle: randomBirths sorts by year, and consecutive births in one
	// year would let lunar-go's one-year cache hide its real cost.
	rand.New(rand.NewSource(5)).Shuffle(len(births), func(i, j int) { births[i], births[j] = births[j], births[i] })
	zones := []string{"+08:00", "Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Tokyo"}
	ins := make([]Input, len(births))
	for i, br := range births {
		r := br.request()
		r.TZ = zones[i%len(zones)]
		if i%4 == 1 {
			r.ZiRule = "split"
		}
		r.LuckMethod = luckMethodNames[i%3]
		if i%7 == 3 {
			lon := 100 + float64(i%30)
			r.Lon, r.TrueSolarTime = &lon, true
		}
		in, err := r.Parse()
		if err != nil {
			// A DST gap in one of the zones: fall back to Beijing time.
			r.TZ = "+08:00"
			if in, err = r.Parse(); err != nil {
				b.Fatal(err)
			}
		}
		ins[i] = in
	}
	return ins, births
}

// BenchmarkChart computes the full chart (pillars, analysis, solar time,
// luck with 流年 and 小运) for varied births.
func BenchmarkChart(b *testing.B) {
	ins, _ := benchInputs(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Compute(ins[i%len(ins)], testNow); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChartInto is BenchmarkChart with the chart document reused, as
// the HTTP handlers do through a pool.
func BenchmarkChartInto(b *testing.B) {
	ins, _ := benchInputs(b)
	var c Chart
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := ComputeInto(&c, ins[i%len(ins)], testNow); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChartLunarGo computes pillars and 大运 with lunar-go the obvious
// way, for the same births read as Beijing time.
func BenchmarkChartLunarGo(b *testing.B) {
	_, births := benchInputs(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		br := births[i%len(births)]
		ec := calendar.NewSolar(br.y, br.mo, br.d, br.h, br.mi, br.s).GetLunar().GetEightChar()
		_ = ec.GetYear() + ec.GetMonth() + ec.GetDay() + ec.GetTime()
		gender := 0
		if br.male {
			gender = 1
		}
		for _, dy := range ec.GetYun(gender).GetDaYun() {
			_ = dy.GetGanZhi()
			_ = dy.GetStartYear()
		}
	}
}

// BenchmarkPillars computes only the four pillars (PillarsOf).
func BenchmarkPillars(b *testing.B) {
	ins, _ := benchInputs(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := PillarsOf(ins[i%len(ins)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReverseLookup searches 1800–2200 for the pillars of varied births.
func BenchmarkReverseLookup(b *testing.B) {
	ins, _ := benchInputs(b)
	ps := make([]Pillars, len(ins))
	for i := range ins {
		ps[i], _ = PillarsOf(ins[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ReverseLookup(ps[i%len(ps)], MinYear, MaxYear, ZiNextDay); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse validates requests (the IANA zone is loaded per call).
func BenchmarkParse(b *testing.B) {
	rs := []Request{
		{Date: "1988-02-15", Time: "23:30", TZ: "Asia/Shanghai", Gender: "male"},
		{Date: "2020-04-01", Calendar: "lunar", LeapMonth: true, Time: "08:00", TZ: "+08:00", Gender: "female"},
		{Date: "2021-11-07", Time: "01:30", TZ: "America/New_York", Gender: "female", ZiRule: "split"},
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := rs[i%len(rs)].Parse(); err != nil {
			b.Fatal(err)
		}
	}
}
