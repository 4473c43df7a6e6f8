package astro

import (
	"math"
	"testing"
	"time"
)

func nyChart(t *testing.T) *Chart {
	return mustChart(t, Request{Date: "1990-01-01", Time: "06:30", TZ: "America/New_York", Lat: ptr(40.7128), Lon: ptr(-74.006)})
}

// solarReturn finds, by scanning hours and bisecting, the instant of
// year's solar return: the Sun back on its natal longitude.
func solarReturn(t *testing.T, lon float64, from time.Time) time.Time {
	t.Helper()
	f := func(at time.Time) float64 {
		p, err := Positions(at)
		if err != nil {
			t.Fatal(err)
		}
		return rem180(p[Sun].Lon - lon)
	}
	a := from
	for i := 0; i < 24*400; i++ {
		b := a.Add(time.Hour)
		if f(a) < 0 && f(b) >= 0 {
			for b.Sub(a) > time.Second {
				m := a.Add(b.Sub(a) / 2)
				if f(m) < 0 {
					a = m
				} else {
					b = m
				}
			}
			return a
		}
		a = b
	}
	t.Fatal("no return")
	return time.Time{}
}

// TestTransitSolarReturn: on the solar return date the transiting Sun is
// conjunct the natal Sun, and the exact instant Transits reports is the
// return, found here by an independent hourly scan; noon a day later (orb
// about 1°, separating) it still points back to the same instant.
func TestTransitSolarReturn(t *testing.T) {
	c := nyChart(t)
	ny, _ := time.LoadLocation("America/New_York")
	ret := solarReturn(t, c.Bodies[Sun].Lon, time.Date(2025, 12, 15, 0, 0, 0, 0, time.UTC))
	// Hand check: the Sun was born at 10°49′ Capricorn on 1990-01-01; it
	// returns there each year on 31 December or 1 January.
	if s, d, _ := Zodiac(c.Bodies[Sun].Lon); s != Capricorn || d != 10 {
		t.Fatalf("natal Sun %v %d°", s, d)
	}
	if y, m, d := ret.In(ny).Date(); !(y == 2025 && m == 12 && d == 31 || y == 2026 && m == 1 && d == 1) {
		t.Fatalf("solar return %v", ret)
	}
	for _, day := range []time.Time{ret.In(ny), ret.In(ny).AddDate(0, 0, 1)} {
		r, err := Transits(c, day, ny)
		if err != nil {
			t.Fatal(err)
		}
		var got *TransitAspect
		for i, a := range r.Aspects {
			if a.Transit == Sun && a.Natal == Target(Sun) {
				got = &r.Aspects[i]
			}
		}
		if got == nil || got.Kind != Conjunction {
			t.Fatalf("%v: no Sun conjunct natal Sun in %+v", day, r.Aspects)
		}
		if !got.HasExact || got.Exact.Sub(ret).Abs() > 2*time.Second {
			t.Fatalf("%v: exact %v, want %v", day, got.Exact, ret)
		}
		if got.Orb > 1.6 { // noon of the next day is at most 36 hours past the return
			t.Fatalf("orb %v", got.Orb)
		}
	}
}

// TestTransitsSorted: aspects come tightest first, every one within its
// transit orb, angles only with a birth time.
func TestTransitsSorted(t *testing.T) {
	c := nyChart(t)
	hasAngle := false
	for d := range 40 {
		r, err := Transits(c, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 9*d), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range r.Aspects {
			if i > 0 && a.Orb < r.Aspects[i-1].Orb {
				t.Fatal("not sorted")
			}
			if a.Orb > TransitOrbs[a.Transit] {
				t.Fatalf("%+v beyond orb", a)
			}
			hasAngle = hasAngle || a.Natal.IsAngle()
			if a.HasExact {
				// At the exact instant the separation is the aspect angle.
				p, _ := Positions(a.Exact)
				var lon float64
				switch a.Natal {
				case TargetAsc:
					lon = c.Ascendant
				case TargetMC:
					lon = c.Midheaven
				default:
					lon = c.Bodies[a.Natal].Lon
				}
				if off := math.Abs(math.Abs(rem180(p[a.Transit].Lon-lon)) - AspectAngles[a.Kind]); off > 0.01 {
					t.Fatalf("%+v: %v° off exact at %v", a, off, a.Exact)
				}
			}
		}
	}
	if !hasAngle {
		t.Fatal("no transit to an angle in a year")
	}
	noTime := mustChart(t, Request{Date: "1990-01-01", TZ: "America/New_York"})
	for d := range 20 {
		r, _ := Transits(noTime, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 17*d), nil)
		for _, a := range r.Aspects {
			if a.Natal.IsAngle() {
				t.Fatal("angle without a birth time")
			}
		}
	}
}

// TestExactNearestPass: around Mars's 2024–25 retrograde (station 6
// December 2024 at 6°10′ Leo, direct 24 February 2025 at 17° Cancer) the
// longitude 0° Leo is crossed three times (early November, early January,
// mid April); ExactTime returns the pass nearest the day, checked against
// an hourly scan of every crossing.
func TestExactNearestPass(t *testing.T) {
	target := 120.0 // 0° Leo
	var passes []time.Time
	prev := time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC)
	ps, _ := Positions(prev)
	s0 := rem180(ps[Mars].Lon - target)
	for at := prev.Add(time.Hour); at.Before(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)); at = at.Add(time.Hour) {
		p, _ := Positions(at)
		s := rem180(p[Mars].Lon - target)
		if crosses(s0, s) {
			passes = append(passes, at)
		}
		s0 = s
	}
	if len(passes) != 3 {
		t.Fatalf("passes %v", passes)
	}
	for _, day := range []time.Time{
		time.Date(2024, 11, 1, 12, 0, 0, 0, time.UTC),
		time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC),
		time.Date(2025, 4, 20, 12, 0, 0, 0, time.UTC),
	} {
		got, ok := ExactTime(Mars, target, 0, day, ExactWindow)
		if !ok {
			t.Fatalf("%v: none", day)
		}
		best := passes[0]
		for _, p := range passes {
			if p.Sub(day).Abs() < best.Sub(day).Abs() {
				best = p
			}
		}
		if got.Sub(best).Abs() > time.Hour {
			t.Fatalf("%v: %v, nearest pass %v", day, got, best)
		}
	}
	if _, ok := ExactTime(Pluto, 0, 0, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), ExactWindow); ok {
		t.Fatal("Pluto at 0° Aries in 2025")
	}
}

// TestSynastrySelf: a chart with itself has every body conjunct itself
// exactly, and the luminaries part at its highest.
func TestSynastrySelf(t *testing.T) {
	c := nyChart(t)
	r := Synastry(c, c)
	n := 0
	for _, a := range r.Aspects {
		if a.A == a.B {
			n++
			if a.Kind != Conjunction || a.Orb != 0 {
				t.Fatalf("%+v", a)
			}
		}
	}
	if n != NumBodies-1 { // every body but the mean node; angle pairs are skipped
		t.Fatalf("%d self-conjunctions", n)
	}
	if r.Overall < 0 || r.Overall > 100 || len(r.Parts) != 4 {
		t.Fatalf("%+v", r)
	}
	w := 0
	for _, p := range r.Parts {
		w += p.Weight
		sum := p.Base
		for _, ru := range p.Rules {
			sum += ru.Points
		}
		if min(max(sum, 0), 100) != p.Score {
			t.Fatalf("%s: rules add to %d, score %d", p.Key, sum, p.Score)
		}
	}
	if w != 100 {
		t.Fatal(w)
	}
	if r.Part("luminaries").Score < 80 {
		t.Fatalf("luminaries %d", r.Part("luminaries").Score)
	}
}

// TestSynastryHand: two hand-made skies. A's Sun at 10° Aries and B's
// Moon at 10° Libra (an exact opposition: +4 in luminaries); A's Venus
// at 0° Leo and B's Mars at 0° Sagittarius (an exact trine: +10 in
// venus_mars).
func TestSynastryHand(t *testing.T) {
	var a, b Chart
	for i := range a.Bodies {
		// Park everything far apart: body i at 3 + 29.5·i, and B shifted
		// half a sign, then set the contacts under test.
		a.Bodies[i] = Position{Body: Body(i), Lon: norm360(200 + 7.3*float64(i))}
		b.Bodies[i] = Position{Body: Body(i), Lon: norm360(17 + 3.1*float64(i))}
	}
	a.Bodies[Sun].Lon, b.Bodies[Moon].Lon = 10, 190
	a.Bodies[Venus].Lon, b.Bodies[Mars].Lon = 120, 240
	r := Synastry(&a, &b)
	find := func(x, y Target) *SynastryAspect {
		for i := range r.Aspects {
			if r.Aspects[i].A == x && r.Aspects[i].B == y {
				return &r.Aspects[i]
			}
		}
		return nil
	}
	if s := find(Target(Sun), Target(Moon)); s == nil || s.Kind != Opposition || s.Orb > 1e-9 {
		t.Fatalf("sun–moon %+v", s)
	}
	if s := find(Target(Venus), Target(Mars)); s == nil || s.Kind != Trine {
		t.Fatalf("venus–mars %+v", s)
	}
	hasRule := func(key string, x, y Target, pts int) bool {
		for _, ru := range r.Part(key).Rules {
			if ru.Aspect.A == x && ru.Aspect.B == y {
				return ru.Points == pts
			}
		}
		return false
	}
	if !hasRule("luminaries", Target(Sun), Target(Moon), 4) || !hasRule("venus_mars", Target(Venus), Target(Mars), 10) {
		t.Fatalf("%+v", r.Parts)
	}
}

// BenchmarkTransits: one day's transits, with the exact-date searches, to
// each of the 256 benchmark charts in turn.
func BenchmarkTransits(b *testing.B) {
	ins := benchInputs(b)
	charts := make([]*Chart, len(ins))
	for i, in := range ins {
		charts[i], _ = Compute(in)
	}
	day := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	cpu, n := processCPU(), 0
	for i := 0; b.Loop(); i++ {
		if _, err := Transits(charts[i%len(charts)], day, time.UTC); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(n), "cpu-ns/op")
}

// BenchmarkSynastry: the contacts and score of two of the benchmark charts.
func BenchmarkSynastry(b *testing.B) {
	ins := benchInputs(b)
	charts := make([]*Chart, len(ins))
	for i, in := range ins {
		charts[i], _ = Compute(in)
	}
	b.ReportAllocs()
	cpu, n := processCPU(), 0
	for i := 0; b.Loop(); i++ {
		_ = Synastry(charts[i%len(charts)], charts[(i+1)%len(charts)])
		n++
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(n), "cpu-ns/op")
}
