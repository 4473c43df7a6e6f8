package astro

import (
	"errors"
	"math"
	"testing"
	"time"
)

func ptr(v float64) *float64 { return &v }

func mustChart(t *testing.T, r Request) *Chart {
	t.Helper()
	in, err := r.Parse()
	if err != nil {
		t.Fatalf("%+v: %v", r, err)
	}
	c, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAnchors checks the figures of the product this engine replaces.
func TestAnchors(t *testing.T) {
	for _, tc := range []struct {
		r        Request
		asc, lst float64
		sign     Sign
	}{
		{Request{Date: "1990-01-01", Time: "00:00", TZ: "UTC", Lat: ptr(0), Lon: ptr(0)}, 191.29, 6.69, Libra},
		{Request{Date: "1990-01-01", Time: "06:30", TZ: "America/New_York", Lat: ptr(40.7128), Lon: ptr(-74.0060)}, 267.67, 13.29, Sagittarius},
	} {
		c := mustChart(t, tc.r)
		if math.Abs(c.Ascendant-tc.asc) > 0.01 {
			t.Errorf("%s %s %s: ascendant %.4f, want %.2f", tc.r.Date, tc.r.Time, tc.r.TZ, c.Ascendant, tc.asc)
		}
		if math.Abs(c.LST-tc.lst) > 0.01 {
			t.Errorf("%s %s %s: LST %.4f h, want %.2f", tc.r.Date, tc.r.Time, tc.r.TZ, c.LST, tc.lst)
		}
		if s, _, _ := Zodiac(c.Ascendant); s != tc.sign {
			t.Errorf("ascendant in %s, want %s", s, tc.sign)
		}
		t.Logf("%s %s %s: asc %.4f mc %.4f lst %.4f sun %.4f moon %.4f", tc.r.Date, tc.r.Time, tc.r.TZ, c.Ascendant, c.Midheaven, c.LST, c.Bodies[Sun].Lon, c.Bodies[Moon].Lon)
	}
}

// TestMeanNodeMeeus: Meeus, Astronomical Algorithms, example 47.a
// (1992-04-12 0h TD): Ω = 274.400656°.
func TestMeanNodeMeeus(t *testing.T) {
	T := -0.077221081451
	lon, _ := meanNode(T)
	if d := math.Abs(norm360(lon) - 274.400656); d > 1e-6 {
		t.Errorf("mean node %.6f, want 274.400656", norm360(lon))
	}
}

// TestTrueNodeOscillates: the osculating node swings about the mean node
// by about ±1.5° (its largest term, −1.4979° sin 2(D−F) in Meeus ch. 47,
// plus smaller ones), over every month of a few years.
func TestTrueNodeOscillates(t *testing.T) {
	t0 := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDev, sumDev := 0.0, 0.0
	n := 0
	for h := 0; h < 24*365*4; h += 6 {
		p, err := Positions(t0.Add(time.Duration(h) * time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		d := math.Remainder(p[TrueNode].Lon-p[MeanNode].Lon, 360)
		maxDev = max(maxDev, math.Abs(d))
		sumDev += d
		n++
	}
	if maxDev < 1.2 || maxDev > 2.1 {
		t.Errorf("true node deviates up to %.3f° from the mean, want about 1.5°", maxDev)
	}
	if m := sumDev / float64(n); math.Abs(m) > 0.1 {
		t.Errorf("true node averages %.3f° from the mean", m)
	}
	t.Logf("true − mean node: max |Δ| %.3f°, mean %.4f°", maxDev, sumDev/float64(n))
}

// TestChebyshevDerivative compares the evaluated rate with a central
// difference.
func TestChebyshevDerivative(t *testing.T) {
	for b := range numFitted {
		s := &ephem[b]
		for _, tt := range []float64{-70000.3, -1234.5, 0.25, 5000.7, 71000.1} {
			_, _, dl, db := s.at(tt)
			h := 1e-3
			l1, b1, _, _ := s.at(tt - h)
			l2, b2, _, _ := s.at(tt + h)
			nl := math.Remainder(l2-l1, 360) / (2 * h)
			nb := (b2 - b1) / (2 * h)
			if math.Abs(nl-dl) > 1e-3 || math.Abs(nb-db) > 1e-3 {
				t.Errorf("%s at %v: rate %.6f/%.6f, difference %.6f/%.6f", Body(b), tt, dl, db, nl, nb)
			}
		}
	}
}

func TestUnknownTime(t *testing.T) {
	c := mustChart(t, Request{Date: "1988-02-15", TZ: "Asia/Shanghai"})
	if c.HasAngles || c.Houses != nil || c.Ascendant != 0 {
		t.Errorf("angles or houses without a birth time: %+v", c)
	}
	if c.Input.UTC != time.Date(1988, 2, 15, 4, 0, 0, 0, time.UTC) {
		t.Errorf("instant %v, want local noon", c.Input.UTC)
	}
	found := false
	for _, w := range c.Warnings {
		found = found || w.Code == WarnTimeUnknown
	}
	if !found {
		t.Errorf("no time-unknown warning: %+v", c.Warnings)
	}
}

func TestPolarFallback(t *testing.T) {
	c := mustChart(t, Request{Date: "1990-06-21", Time: "12:00", TZ: "Europe/Oslo", Lat: ptr(78.22), Lon: ptr(15.65)})
	if c.HouseSystem != Equal {
		t.Errorf("house system %s at 78°N, want equal", c.HouseSystem)
	}
	if len(c.Warnings) == 0 || c.Warnings[len(c.Warnings)-1].Code != WarnPlacidusPolar {
		t.Errorf("warnings %+v", c.Warnings)
	}
	if math.Abs(c.Houses[0]-c.Ascendant) > 1e-9 {
		t.Errorf("first cusp %.4f, ascendant %.4f", c.Houses[0], c.Ascendant)
	}
}

func TestHouseSystems(t *testing.T) {
	for _, hs := range []string{"", "placidus", "whole_sign", "equal"} {
		c := mustChart(t, Request{Date: "1975-07-04", Time: "14:20", TZ: "Europe/Paris", Lat: ptr(48.85), Lon: ptr(2.35), HouseSystem: hs})
		if len(c.Houses) != 12 || !ordered(&c.cusps) {
			t.Errorf("%q: cusps %v", hs, c.Houses)
		}
		switch c.HouseSystem {
		case Placidus:
			if c.Houses[0] != c.Ascendant || c.Houses[9] != c.Midheaven {
				t.Errorf("placidus: cusps 1/10 %v %v, angles %v %v", c.Houses[0], c.Houses[9], c.Ascendant, c.Midheaven)
			}
		case WholeSign:
			if math.Mod(c.Houses[0], 30) != 0 || c.Houses[0] > c.Ascendant || c.Ascendant-c.Houses[0] >= 30 {
				t.Errorf("whole sign: first cusp %v, ascendant %v", c.Houses[0], c.Ascendant)
			}
		}
		for _, p := range c.Bodies {
			if p.House < 1 || p.House > 12 {
				t.Errorf("%s in house %d", p.Body, p.House)
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		r     Request
		field string
	}{
		{Request{Date: "", TZ: "UTC"}, "date"},
		{Request{Date: "1799-12-31", TZ: "UTC"}, "date"},
		{Request{Date: "1990-02-30", TZ: "UTC"}, "date"},
		{Request{Date: "1990-01-01", Time: "25:00", TZ: "UTC"}, "time"},
		{Request{Date: "1990-01-01", TZ: "Mars/Olympus"}, "tz"},
		{Request{Date: "1990-01-01", Time: "10:00", TZ: "UTC", Lon: ptr(0)}, "lat"},
		{Request{Date: "1990-01-01", Time: "10:00", TZ: "UTC", Lat: ptr(0)}, "lon"},
		{Request{Date: "1990-01-01", TZ: "UTC", Lat: ptr(91)}, "lat"},
		{Request{Date: "1990-01-01", TZ: "UTC", Lon: ptr(math.NaN())}, "lon"},
		{Request{Date: "1990-01-01", TZ: "UTC", HouseSystem: "koch"}, "house_system"},
		// 2021-03-14 02:30 did not exist in New York.
		{Request{Date: "2021-03-14", Time: "02:30", TZ: "America/New_York", Lat: ptr(40.7), Lon: ptr(-74)}, "time"},
	} {
		_, err := tc.r.Parse()
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%+v: error %v, want one on %s", tc.r, err, tc.field)
		}
	}
	// A repeated clock time is flagged.
	c := mustChart(t, Request{Date: "2021-11-07", Time: "01:30", TZ: "America/New_York", Lat: ptr(40.7), Lon: ptr(-74)})
	if len(c.Warnings) == 0 || c.Warnings[0].Code != WarnDSTOverlap {
		t.Errorf("warnings %+v, want a DST overlap", c.Warnings)
	}
}

func TestZodiac(t *testing.T) {
	for _, tc := range []struct {
		lon      float64
		s        Sign
		deg, min int
	}{{0, Aries, 0, 0}, {29.99999, Aries, 29, 59}, {191.29, Libra, 11, 17}, {359.999, Pisces, 29, 59}, {-1, Pisces, 29, 0}, {360, Aries, 0, 0}} {
		s, d, m := Zodiac(tc.lon)
		if s != tc.s || d != tc.deg || m != tc.min {
			t.Errorf("Zodiac(%v) = %s %d°%d′, want %s %d°%d′", tc.lon, s, d, m, tc.s, tc.deg, tc.min)
		}
	}
}

func TestAspects(t *testing.T) {
	var p Bodies
	for i := range p {
		p[i] = place(Body(i), float64(i)*37, 0, 0)
	}
	// Sun at 0°, Moon at 95° moving away: a separating square, orb 5°.
	p[Sun] = place(Sun, 0, 0, 1)
	p[Moon] = place(Moon, 95, 0, 13)
	a, ok := aspectBetween(&p[Sun], &p[Moon])
	if !ok || a.Kind != Square || math.Abs(a.Orb-5) > 1e-9 || a.Applying {
		t.Errorf("got %+v %v", a, ok)
	}
	// Moon at 85°: applying.
	p[Moon] = place(Moon, 85, 0, 13)
	if a, _ = aspectBetween(&p[Sun], &p[Moon]); !a.Applying {
		t.Errorf("got %+v, want applying", a)
	}
	// Across 0°: Venus 358°, Mars 3°, Venus faster: applying conjunction.
	p[Venus] = place(Venus, 358, 0, 1.2)
	p[Mars] = place(Mars, 3, 0, 0.5)
	if a, ok = aspectBetween(&p[Venus], &p[Mars]); !ok || a.Kind != Conjunction || !a.Applying || math.Abs(a.Orb-5) > 1e-9 {
		t.Errorf("got %+v", a)
	}
	// Saturn and Pluto 7° apart: beyond their 6° orb.
	p[Saturn] = place(Saturn, 100, 0, 0)
	p[Pluto] = place(Pluto, 107, 0, 0)
	if _, ok = aspectBetween(&p[Saturn], &p[Pluto]); ok {
		t.Error("aspect beyond the orb")
	}
}

func TestCrossAspects(t *testing.T) {
	natal, err := Positions(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	// A year later the Sun returns: a transiting Sun conjunct the natal Sun.
	tr, err := Positions(time.Date(1991, 1, 1, 6, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range CrossAspects(nil, &tr, &natal) {
		if a.A == Sun && a.B == Sun {
			found = a.Kind == Conjunction && a.Orb < 0.5
		}
	}
	if !found {
		t.Error("no solar return conjunction")
	}
	// A chart against itself: every body conjunct itself at orb 0.
	self := CrossAspects(nil, &natal, &natal)
	n := 0
	for _, a := range self {
		if a.A == a.B && a.Kind == Conjunction && a.Orb == 0 {
			n++
		}
	}
	if n != NumBodies-1 { // the mean node takes no aspects
		t.Errorf("%d self-conjunctions, want %d", n, NumBodies-1)
	}
}
