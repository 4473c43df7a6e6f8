package astro

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPlacidusDefinition solves each intermediate Placidus cusp from the
// definition by bisection (the degree whose eastern hour angle is the
// given fraction of its semi-arc) and compares with the iteration.
func TestPlacidusDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for n := 0; n < 2000; n++ {
		lat := (r.Float64()*2 - 1) * 60
		a := angles(r.Float64()*24, 23.44, lat)
		var c [12]float64
		if !placidus(&c, a, lat) {
			t.Fatalf("placidus failed at %.3f° with LST %.4f", lat, a.LST)
		}
		ramc := a.LST * 15
		se, ce := math.Sincos(a.Obliquity * deg2rad)
		tphi := math.Tan(lat * deg2rad)
		// g(λ) = eastern hour angle − target, for a degree λ of the ecliptic.
		g := func(lon, f float64, above bool) float64 {
			sl, cl := math.Sincos(lon * deg2rad)
			ra := math.Atan2(sl*ce, cl) * rad2deg
			dec := math.Asin(se * sl)
			ad := math.Asin(tphi*math.Tan(dec)) * rad2deg
			e := norm360(ra - ramc)
			if above {
				return e - f*(90+ad)
			}
			return e - (180 - f*(90-ad))
		}
		for _, d := range []struct {
			i     int
			f     float64
			above bool
			from  float64 // bracket: between these cusps
			to    float64
		}{
			{10, 1.0 / 3, true, a.Midheaven, a.Ascendant},
			{11, 2.0 / 3, true, a.Midheaven, a.Ascendant},
			{1, 2.0 / 3, false, a.Ascendant, a.Midheaven + 180},
			{2, 1.0 / 3, false, a.Ascendant, a.Midheaven + 180},
		} {
			lo, span := d.from, norm360(d.to-d.from)
			x0, x1 := 1e-9, span-1e-9
			for range 100 {
				m := (x0 + x1) / 2
				if g(lo+m, d.f, d.above) < 0 {
					x0 = m
				} else {
					x1 = m
				}
			}
			want := norm360(lo + x0)
			if diff := math.Abs(math.Remainder(c[d.i]-want, 360)); diff > 1e-6 {
				t.Fatalf("lat %.3f LST %.4f: cusp %d at %.6f, definition gives %.6f", lat, a.LST, d.i+1, c[d.i], want)
			}
		}
	}
}
