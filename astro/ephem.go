package astro

import (
	_ "embed"
	"encoding/binary"
	"math"
)

//go:generate go run ./internal/gen -out ephem.bin

// ephemBin holds Chebyshev series for the ten fitted bodies; the layout is
// described in internal/gen. It is decoded once at start-up.
//
//go:embed ephem.bin
var ephemBin []byte

// series is one body's fitted table.
type series struct {
	start, days float64 // TT days from J2000; segment length in days
	nseg        int
	nLon, nLat  int
	coef        []float32 // per segment: nLon longitude then nLat latitude coefficients
}

var ephem = decodeEphem(ephemBin)

// fitStart and fitEnd bound the fitted span in TT days from J2000.
var fitStart, fitEnd = ephem[0].start, ephem[0].start + float64(ephem[0].nseg)*ephem[0].days

func decodeEphem(b []byte) [numFitted]series {
	var out [numFitted]series
	le := binary.LittleEndian
	if len(b) < 12 || string(b[:8]) != "ASTROEPH" || int(le.Uint32(b[8:])) != numFitted {
		panic("astro: ephem.bin is malformed")
	}
	p := 12
	for i := range out {
		s := &out[i]
		s.start = math.Float64frombits(le.Uint64(b[p:]))
		s.days = math.Float64frombits(le.Uint64(b[p+8:]))
		s.nseg = int(le.Uint32(b[p+16:]))
		s.nLon = int(le.Uint32(b[p+20:]))
		s.nLat = int(le.Uint32(b[p+24:]))
		p += 28
	}
	for i := range out {
		s := &out[i]
		n := s.nseg * (s.nLon + s.nLat)
		s.coef = make([]float32, n)
		for j := range s.coef {
			s.coef[j] = math.Float32frombits(le.Uint32(b[p:]))
			p += 4
		}
	}
	if p != len(b) {
		panic("astro: ephem.bin is malformed")
	}
	return out
}

// at returns the longitude (degrees, not reduced), latitude and their rates
// (degrees per day) at TT day tt. tt must lie within the fitted span.
func (s *series) at(tt float64) (lon, lat, dlon, dlat float64) {
	u := (tt - s.start) / s.days
	seg := int(u)
	if seg >= s.nseg {
		seg = s.nseg - 1
	}
	if seg < 0 {
		seg = 0
	}
	x := 2*(u-float64(seg)) - 1
	c := s.coef[seg*(s.nLon+s.nLat):][:s.nLon+s.nLat]
	lon, dlon = chebyshev(c[:s.nLon], x)
	lat, dlat = chebyshev(c[s.nLon:], x)
	k := 2 / s.days
	return lon, lat, dlon * k, dlat * k
}

// chebyshev evaluates Σ c_j T_j(x) and its derivative by Clenshaw's
// recurrence (the derivative via T_j' = j U_{j-1}).
func chebyshev(c []float32, x float64) (f, df float64) {
	// b: Clenshaw for f; d: Clenshaw for the derivative series.
	var b1, b2, d1, d2 float64
	for j := len(c) - 1; j >= 1; j-- {
		// f: b_j = 2x b_{j+1} − b_{j+2} + c_j
		// df: d_j = 2x d_{j+1} − d_{j+2} + 2 b_{j+1}
		d1, d2 = 2*x*d1-d2+2*b1, d1
		b1, b2 = 2*x*b1-b2+float64(c[j]), b1
	}
	f = x*b1 - b2 + float64(c[0])
	df = x*d1 - d2 + b1
	return f, df
}
