package astroinput

import (
	"encoding/json"
	"time"

	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/places"
)

// Document is a natal chart as POST /api/v1/astro and `bazi-master astro`
// give it. Signs, bodies, aspect kinds and house systems are the engine's
// lower-case English keys ("aries", "true_node", "trine", "whole_sign").
type Document struct {
	Input       Request        `json:"input"`
	Place       *places.Place  `json:"place,omitempty"`
	UTC         string         `json:"utc"` // the instant charted (local noon when the time is unknown)
	HasTime     bool           `json:"has_time"`
	HouseSystem string         `json:"house_system"` // the system used (equal beyond Placidus' latitude)
	Bodies      DocBodies      `json:"bodies"`
	Ascendant   *DocPoint      `json:"ascendant"` // null when the time is unknown
	Midheaven   *DocPoint      `json:"midheaven"`
	LST         float64        `json:"lst,omitempty"` // local apparent sidereal time, hours
	Houses      []DocHouse     `json:"houses"`        // empty when the time is unknown
	Aspects     []DocAspect    `json:"aspects"`
	Transits    *DocTransits   `json:"transits,omitempty"`
	Warnings    []bazi.Warning `json:"warnings"`
}

// DocBody is one body's position.
type DocBody struct {
	Lon        float64 `json:"lon"`   // ecliptic longitude, degrees [0, 360)
	Lat        float64 `json:"lat"`   // ecliptic latitude, degrees
	Speed      float64 `json:"speed"` // degrees per day
	Sign       string  `json:"sign"`
	Degree     int     `json:"degree"` // whole degrees within the sign
	Minute     int     `json:"minute"`
	House      int     `json:"house"` // 1–12; 0 when the time is unknown
	Retrograde bool    `json:"retrograde"`
}

// DocBodies are the bodies by key; node is the true node (the one that
// takes aspects), also given as true_node beside mean_node.
type DocBodies struct {
	Sun      DocBody `json:"sun"`
	Moon     DocBody `json:"moon"`
	Mercury  DocBody `json:"mercury"`
	Venus    DocBody `json:"venus"`
	Mars     DocBody `json:"mars"`
	Jupiter  DocBody `json:"jupiter"`
	Saturn   DocBody `json:"saturn"`
	Uranus   DocBody `json:"uranus"`
	Neptune  DocBody `json:"neptune"`
	Pluto    DocBody `json:"pluto"`
	Node     DocBody `json:"node"`
	MeanNode DocBody `json:"mean_node"`
	TrueNode DocBody `json:"true_node"`
}

// DocPoint is an angle.
type DocPoint struct {
	Lon    float64 `json:"lon"`
	Sign   string  `json:"sign"`
	Degree int     `json:"degree"`
	Minute int     `json:"minute"`
}

// DocHouse is one house cusp.
type DocHouse struct {
	House  int     `json:"house"`
	Lon    float64 `json:"lon"`
	Sign   string  `json:"sign"`
	Degree int     `json:"degree"`
	Minute int     `json:"minute"`
}

// DocAspect is one aspect between two bodies.
type DocAspect struct {
	A        string  `json:"a"`
	B        string  `json:"b"`
	Kind     string  `json:"kind"`
	Angle    float64 `json:"angle"` // the exact angle of the kind
	Orb      float64 `json:"orb"`   // degrees from exact
	Applying bool    `json:"applying"`
}

// DocTransits are the positions on a day and their aspects to the chart
// (a: the transiting body, b: the natal one).
type DocTransits struct {
	Day     string      `json:"day"`
	Bodies  DocBodies   `json:"bodies"`
	Aspects []DocAspect `json:"aspects"`
}

func docBody(p astro.Position) DocBody {
	return DocBody{Lon: p.Lon, Lat: p.Lat, Speed: p.Speed, Sign: p.Sign.String(), Degree: p.Degree, Minute: p.Minute, House: p.House, Retrograde: p.Retrograde}
}

func docBodies(b *astro.Bodies) DocBodies {
	return DocBodies{
		Sun: docBody(b[astro.Sun]), Moon: docBody(b[astro.Moon]), Mercury: docBody(b[astro.Mercury]),
		Venus: docBody(b[astro.Venus]), Mars: docBody(b[astro.Mars]), Jupiter: docBody(b[astro.Jupiter]),
		Saturn: docBody(b[astro.Saturn]), Uranus: docBody(b[astro.Uranus]), Neptune: docBody(b[astro.Neptune]),
		Pluto: docBody(b[astro.Pluto]), Node: docBody(b[astro.Node]),
		MeanNode: docBody(b[astro.MeanNode]), TrueNode: docBody(b[astro.TrueNode]),
	}
}

func docPoint(lon float64) *DocPoint {
	s, d, m := astro.Zodiac(lon)
	return &DocPoint{Lon: lon, Sign: s.String(), Degree: d, Minute: m}
}

func docAspects(as []astro.Aspect) []DocAspect {
	out := make([]DocAspect, len(as))
	for i, a := range as {
		out[i] = DocAspect{A: a.A.String(), B: a.B.String(), Kind: a.Kind.String(), Angle: astro.AspectAngles[a.Kind], Orb: a.Orb, Applying: a.Applying}
	}
	return out
}

// Document is the chart as the API writes it.
func (c *Chart) Document() *Document {
	ch := c.Chart
	d := &Document{
		Input:       c.Sent,
		Place:       c.Place,
		UTC:         ch.Input.UTC.UTC().Format(time.RFC3339),
		HasTime:     ch.HasAngles,
		HouseSystem: ch.HouseSystem.String(),
		Bodies:      docBodies(&ch.Bodies),
		Houses:      []DocHouse{},
		Aspects:     docAspects(ch.Aspects),
		Warnings:    ch.Warnings,
	}
	if ch.HasAngles {
		d.Ascendant, d.Midheaven, d.LST = docPoint(ch.Ascendant), docPoint(ch.Midheaven), ch.LST
		for i, lon := range ch.Houses {
			p := docPoint(lon)
			d.Houses = append(d.Houses, DocHouse{House: i + 1, Lon: lon, Sign: p.Sign, Degree: p.Degree, Minute: p.Minute})
		}
	}
	if d.Warnings == nil {
		d.Warnings = []bazi.Warning{}
	}
	if c.Transits != nil {
		d.Transits = &DocTransits{Day: c.Request.Canonical().Day, Bodies: docBodies(c.Transits), Aspects: docAspects(c.TransitAspects)}
	}
	return d
}

// JSON is the document encoded as the API sends it.
func (c *Chart) JSON() ([]byte, error) { return json.Marshal(c.Document()) }
