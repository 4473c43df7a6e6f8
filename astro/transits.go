package astro

import (
	"math"
	"slices"
	"time"
)

// Target is a natal point a transit or a synastry contact touches: a Body
// (Sun … TrueNode) or one of the angles, TargetAsc and TargetMC.
type Target uint8

// The angles as targets; a Body converts with Target(b).
const (
	TargetAsc Target = 100 + iota
	TargetMC
)

// String returns the body's key, or "asc" / "mc".
func (t Target) String() string {
	switch t {
	case TargetAsc:
		return "asc"
	case TargetMC:
		return "mc"
	}
	return Body(t).String()
}

// MarshalText writes the key.
func (t Target) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// IsAngle reports whether t is the ascendant or the midheaven.
func (t Target) IsAngle() bool { return t == TargetAsc || t == TargetMC }

// TransitOrbs are the orbs of the transiting bodies, in degrees: the whole
// allowance (no moieties; the natal point adds nothing). They are tight,
// because a transit is an event in time, not a standing trait: the Moon 1°
// (it moves that far in two hours), the Sun to Saturn 2°, the three outer
// planets 1.5° (they stay within that for months). The node does not
// transit here.
var TransitOrbs = [NumBodies]float64{
	Sun: 2, Moon: 1, Mercury: 2, Venus: 2, Mars: 2, Jupiter: 2, Saturn: 2,
	Uranus: 1.5, Neptune: 1.5, Pluto: 1.5,
}

// ExactWindow is how far before and after the day Transits looks for the
// instant an aspect is exact.
const ExactWindow = 60 * 24 * time.Hour

// TransitAspect is one aspect of a transiting body to a natal point.
type TransitAspect struct {
	Transit Body       `json:"transit"`
	Natal   Target     `json:"natal"`
	Kind    AspectKind `json:"kind"`
	// Orb is the distance from exact at the report's instant, degrees.
	Orb      float64 `json:"orb"`
	Applying bool    `json:"applying"` // the orb is shrinking
	// Retrograde is the transiting body's motion at the report's instant.
	Retrograde bool `json:"retrograde"`
	// Exact is the nearest instant (UTC) within ExactWindow of the
	// report's instant when the aspect is exact; HasExact is false when
	// there is none in the window (a station keeps the body short of it).
	Exact    time.Time `json:"exact,omitzero"`
	HasExact bool      `json:"has_exact"`
}

// TransitReport is the sky of one day against a natal chart.
type TransitReport struct {
	// Day is the chosen date's local noon in the report's zone; Instant
	// the same in UTC.
	Day     time.Time `json:"day"`
	Instant time.Time `json:"instant"`
	// Sky holds the transiting positions at Instant (House is the natal
	// house they pass through, when the chart has houses).
	Sky Bodies `json:"sky"`
	// Aspects are sorted by orb, tightest first.
	Aspects []TransitAspect `json:"aspects"`
}

// natalTargets lists the natal points with their longitudes.
func natalTargets(c *Chart) (ts []Target, lons []float64) {
	for b := range Body(NumBodies) {
		if b == MeanNode {
			continue
		}
		ts = append(ts, Target(b))
		lons = append(lons, c.Bodies[b].Lon)
	}
	if c.HasAngles {
		ts = append(ts, TargetAsc, TargetMC)
		lons = append(lons, c.Ascendant, c.Midheaven)
	}
	return ts, lons
}

// Transits returns the aspects of the transiting Sun … Pluto to the natal
// bodies (and true node) and angles of natal at local noon of day's date
// in loc (UTC when loc is nil), each within its TransitOrbs, with the
// nearest instant within ExactWindow when it is exact (see ExactTime). It
// is pure; an error (ErrOutOfRange) only for a day outside the ephemeris.
func Transits(natal *Chart, day time.Time, loc *time.Location) (TransitReport, error) {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := day.In(loc).Date()
	noon := time.Date(y, m, d, 12, 0, 0, 0, loc)
	r := TransitReport{Day: noon, Instant: noon.UTC()}
	sky, err := Positions(r.Instant)
	if err != nil {
		return r, err
	}
	if natal.HasAngles && len(natal.Houses) == 12 {
		var c [12]float64
		copy(c[:], natal.Houses)
		for i := range sky {
			sky[i].House = houseOf(&c, sky[i].Lon)
		}
	}
	r.Sky = sky
	ts, lons := natalTargets(natal)
	for b := range Body(numFitted) {
		orb := TransitOrbs[b]
		p := &sky[b]
		for i, t := range ts {
			delta := rem180(p.Lon - lons[i])
			sep := math.Abs(delta)
			for k, ang := range AspectAngles {
				off := sep - ang
				if math.Abs(off) > orb {
					continue
				}
				rate := p.Speed
				if delta < 0 {
					rate = -rate
				}
				a := TransitAspect{Transit: b, Natal: t, Kind: AspectKind(k), Orb: math.Abs(off),
					Applying: off*rate < 0, Retrograde: p.Retrograde}
				side := 1.0
				if delta < 0 {
					side = -1
				}
				a.Exact, a.HasExact = ExactTime(b, lons[i], ang*side, r.Instant, ExactWindow)
				r.Aspects = append(r.Aspects, a)
				break
			}
		}
	}
	slices.SortStableFunc(r.Aspects, func(x, y TransitAspect) int {
		switch {
		case x.Orb < y.Orb:
			return -1
		case x.Orb > y.Orb:
			return 1
		}
		return 0
	})
	return r, nil
}

// ExactTime finds the instant nearest to t, within window either side,
// when body b's longitude is exactly lon + offset (degrees; offset is the
// signed aspect angle, e.g. −90 for the waning square). It steps outward
// from t alternately forward and backward (six hours for the Moon, a day
// for the Sun to Mars, three days from Jupiter out), takes the first step
// across which the separation changes sign, and bisects it to under a
// second. A retrograde station can give up to three passes: the nearest
// is returned. ok is false when there is none in the window (or it leaves
// the ephemeris).
func ExactTime(b Body, lon, offset float64, t time.Time, window time.Duration) (time.Time, bool) {
	step := 24 * time.Hour
	switch {
	case b == Moon:
		step = 6 * time.Hour
	case b >= Jupiter:
		// At most 0.25°/day: a step of three days cannot hold two passes
		// but within minutes of arc of a station.
		step = 72 * time.Hour
	}
	sep := func(at time.Time) (float64, bool) {
		p, err := Positions(at)
		if err != nil {
			return 0, false
		}
		return rem180(p[b].Lon - lon - offset), true
	}
	s0, ok := sep(t)
	if !ok {
		return time.Time{}, false
	}
	if s0 == 0 {
		return t, true
	}
	fwd, bwd := s0, s0
	fwdOK, bwdOK := true, true
	for k := 1; time.Duration(k)*step <= window+step/2; k++ {
		// Forward first: a tie goes to the coming pass.
		if fwdOK {
			a, b1 := t.Add(time.Duration(k-1)*step), t.Add(time.Duration(k)*step)
			s, ok := sep(b1)
			if !ok {
				fwdOK = false
			} else {
				if crosses(fwd, s) {
					return bisectExact(sep, a, b1, fwd), true
				}
				fwd = s
			}
		}
		if bwdOK {
			a, b1 := t.Add(-time.Duration(k)*step), t.Add(-time.Duration(k-1)*step)
			s, ok := sep(a)
			if !ok {
				bwdOK = false
			} else {
				if crosses(s, bwd) {
					return bisectExact(sep, a, b1, s), true
				}
				bwd = s
			}
		}
		if !fwdOK && !bwdOK {
			break
		}
	}
	return time.Time{}, false
}

// crosses reports a sign change from x to y that is a zero crossing, not
// the jump at ±180° where the separation wraps.
func crosses(x, y float64) bool {
	return (x <= 0) != (y <= 0) && math.Abs(x-y) < 90
}

// bisectExact narrows [a, b], across which sep changes sign (sa at a), to
// under a second.
func bisectExact(sep func(time.Time) (float64, bool), a, b time.Time, sa float64) time.Time {
	for b.Sub(a) > time.Second {
		m := a.Add(b.Sub(a) / 2)
		s, ok := sep(m)
		if !ok {
			return m
		}
		if (s <= 0) == (sa <= 0) {
			a, sa = m, s
		} else {
			b = m
		}
	}
	return a.Add(b.Sub(a) / 2).Truncate(time.Second)
}
