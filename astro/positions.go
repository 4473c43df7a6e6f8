package astro

import (
	"errors"
	"math"
	"time"
)

// Body is a chart point: the Sun, the Moon, the eight planets and Pluto,
// and the Moon's mean and true ascending node.
type Body uint8

// Bodies in chart order. Sun … Pluto come from the fitted ephemeris.
const (
	Sun Body = iota
	Moon
	Mercury
	Venus
	Mars
	Jupiter
	Saturn
	Uranus
	Neptune
	Pluto
	MeanNode
	TrueNode

	NumBodies = 12
	numFitted = 10 // Sun … Pluto

	// Node is the node charts show and aspects use: the true node.
	Node = TrueNode
)

var bodyKeys = [NumBodies]string{"sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn",
	"uranus", "neptune", "pluto", "mean_node", "true_node"}

// String returns the lower-case key ("sun", …, "pluto", "mean_node",
// "true_node").
func (b Body) String() string {
	if int(b) < NumBodies {
		return bodyKeys[b]
	}
	return "unknown"
}

// MarshalText writes the key.
func (b Body) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// Sign is a tropical zodiac sign, Aries (0) to Pisces (11).
type Sign uint8

// The signs.
const (
	Aries Sign = iota
	Taurus
	Gemini
	Cancer
	Leo
	Virgo
	Libra
	Scorpio
	Sagittarius
	Capricorn
	Aquarius
	Pisces
)

var signKeys = [12]string{"aries", "taurus", "gemini", "cancer", "leo", "virgo", "libra",
	"scorpio", "sagittarius", "capricorn", "aquarius", "pisces"}

// String returns the lower-case English key ("aries" … "pisces").
func (s Sign) String() string { return signKeys[s%12] }

// MarshalText writes the key.
func (s Sign) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Zodiac places an ecliptic longitude: its sign and the whole degrees
// (0–29) and minutes (0–59) within the sign.
func Zodiac(lon float64) (s Sign, deg, min int) {
	lon = norm360(lon)
	s = Sign(int(lon/30) % 12)
	m := int(math.Floor((lon - float64(s)*30) * 60))
	if m >= 30*60 { // rounding at the very end of a sign
		m = 30*60 - 1
	}
	return s, m / 60, m % 60
}

// Position is a body's place: tropical, geocentric, apparent, on the true
// ecliptic and equinox of date.
type Position struct {
	Body       Body    `json:"body"`
	Lon        float64 `json:"lon"`   // ecliptic longitude, degrees [0, 360)
	Lat        float64 `json:"lat"`   // ecliptic latitude, degrees
	Speed      float64 `json:"speed"` // rate of longitude, degrees per day
	Retrograde bool    `json:"retrograde"`
	Sign       Sign    `json:"sign"`
	Degree     int     `json:"degree"` // whole degrees within the sign
	Minute     int     `json:"minute"` // minutes of arc past Degree
	House      int     `json:"house,omitempty"`
}

// Bodies holds every body's position, indexed by Body.
type Bodies [NumBodies]Position

// ErrOutOfRange is returned for instants outside the ephemeris (about
// 1799-11 to 2201-04).
var ErrOutOfRange = errors.New("astro: instant outside 1800–2200, the span of the ephemeris")

// Positions returns every body's position at instant t: the building
// block for transits and synastry.
func Positions(t time.Time) (Bodies, error) {
	var out Bodies
	ut := utDays(t)
	tt := ttOf(ut)
	if !(tt >= fitStart && tt < fitEnd) {
		return out, ErrOutOfRange
	}
	e := eTilt(tt)
	positions(&out, tt, e)
	return out, nil
}

// positions fills out at TT day tt.
func positions(out *Bodies, tt float64, e tilt) {
	for b := range numFitted {
		lon, lat, dlon, _ := ephem[b].at(tt)
		out[b] = place(Body(b), lon, lat, dlon)
	}
	// Mean node: Meeus (47.7), referred to the true equinox by adding the
	// nutation in longitude like the other bodies.
	T := tt / 36525
	mn, dmn := meanNode(T)
	out[MeanNode] = place(MeanNode, mn+e.dpsi/3600, 0, dmn/36525)
	// True node: the node of the Moon's osculating orbit.
	tn, dtn := trueNode(tt)
	out[TrueNode] = place(TrueNode, tn, 0, dtn)
}

func place(b Body, lon, lat, speed float64) Position {
	lon = norm360(lon)
	p := Position{Body: b, Lon: lon, Lat: lat, Speed: speed, Retrograde: speed < 0}
	p.Sign, p.Degree, p.Minute = Zodiac(lon)
	return p
}

// meanNode returns the longitude of the Moon's mean ascending node on the
// mean equinox of date (Meeus, Astronomical Algorithms, 2nd ed., eq. 47.7)
// in degrees, and its rate in degrees per Julian century; T is Julian
// centuries of TT from J2000.
func meanNode(T float64) (lon, rate float64) {
	lon = 125.0445479 + T*(-1934.1362891+T*(0.0020754+T*(1.0/467441-T/60616000)))
	rate = -1934.1362891 + T*(2*0.0020754+T*(3.0/467441-4*T/60616000))
	return lon, rate
}

// trueNode returns the longitude of the ascending node of the Moon's
// osculating orbit, and its rate in degrees per day. The orbit's pole is
// along r × v, which for a direction u = r/|r| is parallel to u × du/dt,
// so the Moon's fitted longitude, latitude and their rates suffice.
func trueNode(tt float64) (lon, rate float64) {
	lon = osculatingNode(tt)
	const h = 0.05 // days
	a, b := osculatingNode(tt-h), osculatingNode(tt+h)
	rate = math.Remainder(b-a, 360) / (2 * h)
	return lon, rate
}

func osculatingNode(tt float64) float64 {
	l, b, dl, db := ephem[Moon].at(tt)
	sl, cl := math.Sincos(l * deg2rad)
	sb, cb := math.Sincos(b * deg2rad)
	dl *= deg2rad
	db *= deg2rad
	u := [3]float64{cb * cl, cb * sl, sb}
	du := [3]float64{-sb*cl*db - cb*sl*dl, -sb*sl*db + cb*cl*dl, cb * db}
	hx := u[1]*du[2] - u[2]*du[1]
	hy := u[2]*du[0] - u[0]*du[2]
	// Ascending node: along ẑ × h = (−h_y, h_x, 0).
	return norm360(math.Atan2(hx, -hy) * rad2deg)
}

// norm360 reduces an angle in degrees to [0, 360) (math.Mod is several
// times slower, and exactness far from 0 is not needed here).
func norm360(x float64) float64 {
	x -= 360 * math.Floor(x/360)
	if x >= 360 || x < 0 { // rounding at the edges
		x = 0
	}
	return x
}

// rem180 reduces an angle difference to [−180, 180].
func rem180(x float64) float64 { return x - 360*math.Round(x/360) }
