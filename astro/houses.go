package astro

import "math"

// HouseSystem selects how the twelve house cusps are drawn.
type HouseSystem uint8

// House systems.
const (
	Placidus  HouseSystem = iota // time division of the semi-arcs (default)
	WholeSign                    // each sign a house, the first the ascendant's
	Equal                        // 30° steps from the ascendant
)

var houseKeys = [3]string{"placidus", "whole_sign", "equal"}

// String returns the key ("placidus", "whole_sign", "equal").
func (h HouseSystem) String() string { return houseKeys[h%3] }

// MarshalText writes the key.
func (h HouseSystem) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// ParseHouseSystem reads a key; "" is Placidus.
func ParseHouseSystem(s string) (HouseSystem, bool) {
	switch s {
	case "", "placidus":
		return Placidus, true
	case "whole_sign":
		return WholeSign, true
	case "equal":
		return Equal, true
	}
	return 0, false
}

// PlacidusMaxLat is the latitude beyond which Placidus is not used: past
// the polar circles some ecliptic degrees never rise or set and the
// semi-arcs are undefined.
const PlacidusMaxLat = 66.0

// Angles are the local frame at an instant and place.
type Angles struct {
	Ascendant float64 // ecliptic longitude rising in the east, degrees
	Midheaven float64 // ecliptic longitude culminating on the meridian
	// LST is the local apparent sidereal time in hours [0, 24); RAMC = 15·LST.
	LST       float64
	Obliquity float64 // true obliquity of the ecliptic, degrees
}

// angles returns the ascendant and midheaven for local apparent sidereal
// time lst (hours), true obliquity eps and latitude lat (degrees).
func angles(lst, eps, lat float64) Angles {
	ramc := lst * 15 * deg2rad
	sr, cr := math.Sincos(ramc)
	se, ce := math.Sincos(eps * deg2rad)
	mc := math.Atan2(sr, cr*ce)
	asc := math.Atan2(cr, -(sr*ce + math.Tan(lat*deg2rad)*se))
	return Angles{
		Ascendant: norm360(asc * rad2deg),
		Midheaven: norm360(mc * rad2deg),
		LST:       lst,
		Obliquity: eps,
	}
}

// cusps fills c with the twelve house cusps (c[0] the first house) and
// returns the system used: Placidus falls back to Equal when undefined.
func cusps(c *[12]float64, sys HouseSystem, a Angles, lat float64) HouseSystem {
	if sys == Placidus {
		if math.Abs(lat) <= PlacidusMaxLat && placidus(c, a, lat) {
			return Placidus
		}
		sys = Equal
	}
	start := a.Ascendant
	if sys == WholeSign {
		start = math.Floor(a.Ascendant/30) * 30
	}
	for i := range c {
		c[i] = norm360(start + 30*float64(i))
	}
	return sys
}

// placidus computes Placidus cusps by iterating on each intermediate cusp:
// cusp 11 lies a third of its diurnal semi-arc east of the meridian, cusp
// 12 two thirds; cusps 2 and 3 two and one third of the nocturnal
// semi-arc east of the lower meridian. It reports false if an iteration
// leaves the domain (circumpolar degrees) or fails to converge.
func placidus(c *[12]float64, a Angles, lat float64) bool {
	ramc := a.LST * 15 * deg2rad
	se, ce := math.Sincos(a.Obliquity * deg2rad)
	tphi := math.Tan(lat * deg2rad)
	// (cusp index, fraction, above horizon)
	type cuspDef struct {
		i     int
		f     float64
		above bool
	}
	defs := [4]cuspDef{{10, 1.0 / 3, true}, {11, 2.0 / 3, true}, {1, 2.0 / 3, false}, {2, 1.0 / 3, false}}
	for _, d := range defs {
		// Start from the equal division of the right ascension.
		var ra float64
		if d.above {
			ra = ramc + d.f*math.Pi/2
		} else {
			ra = ramc + math.Pi - d.f*math.Pi/2
		}
		lon := 0.0
		ok := false
		for range 60 {
			sr, cr := math.Sincos(ra)
			lon = math.Atan2(sr, cr*ce)
			dec := math.Asin(se * math.Sin(lon))
			x := tphi * math.Tan(dec)
			if x < -1 || x > 1 {
				return false
			}
			ad := math.Asin(x) // ascensional difference
			var next float64
			if d.above {
				next = ramc + d.f*(math.Pi/2+ad)
			} else {
				next = ramc + math.Pi - d.f*(math.Pi/2-ad)
			}
			if math.Abs(math.Remainder(next-ra, 2*math.Pi)) < 1e-10 {
				ra = next
				sr, cr = math.Sincos(ra)
				lon = math.Atan2(sr, cr*ce)
				ok = true
				break
			}
			ra = next
		}
		if !ok {
			return false
		}
		c[d.i] = norm360(lon * rad2deg)
	}
	c[0] = a.Ascendant
	c[9] = a.Midheaven
	// Cusps 4–6 from 10–12.
	c[3] = norm360(c[9] + 180)
	c[4] = norm360(c[10] + 180)
	c[5] = norm360(c[11] + 180)
	c[6] = norm360(c[0] + 180)
	c[7] = norm360(c[1] + 180)
	c[8] = norm360(c[2] + 180)
	return ordered(c)
}

// ordered reports whether the cusps go round the zodiac in order.
func ordered(c *[12]float64) bool {
	total := 0.0
	for i := range c {
		d := norm360(c[(i+1)%12] - c[i])
		if d <= 0 || d >= 180 {
			return false
		}
		total += d
	}
	return math.Abs(total-360) < 1e-6
}

// houseOf returns the house (1–12) holding longitude lon.
func houseOf(c *[12]float64, lon float64) int {
	for i := range c {
		span := norm360(c[(i+1)%12] - c[i])
		if norm360(lon-c[i]) < span {
			return i + 1
		}
	}
	return 12
}
