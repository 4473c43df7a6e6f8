// Package astroinput is the Western natal chart request codec: the chart
// request (internal/chartinput, which it embeds and never re-implements:
// the birth, its aliases and the birthplace name are chartinput's) plus
// what only an astrology chart asks for: the house system and an optional
// day for transits. Query strings, JSON bodies and CLI flags decode to one
// Request; Request.Query spells it back; Build computes the chart with the
// pure engine in astro/.
package astroinput

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/jsonstrict"
	"github.com/bazi-master/bazi-master/places"
)

// Request is a chart request plus the astrology chart's own fields.
type Request struct {
	chartinput.Request
	// HouseSystem: "placidus" (default), "whole_sign" (also spelled
	// "whole-sign") or "equal".
	HouseSystem string `json:"house_system,omitempty"`
	// Day is a day (YYYY-MM-DD) whose transits to the chart are wanted;
	// "" for none.
	Day string `json:"day,omitempty"`
}

func fieldErr(field, code, msg string) *bazi.FieldError {
	return &bazi.FieldError{Field: field, Code: code, Message: msg}
}

// houseKey spells a house system the one way the engine takes it; unknown
// values pass through (lower-cased) for Build to refuse by field.
func houseKey(s string) string {
	v := strings.ToLower(strings.TrimSpace(s))
	switch v {
	case "", "placidus", "p":
		return "placidus"
	case "whole_sign", "whole-sign", "wholesign", "whole", "w":
		return "whole_sign"
	case "equal", "e":
		return "equal"
	}
	return v
}

// HouseSystems are the house systems in the order the page offers them.
var HouseSystems = [3]string{"placidus", "whole_sign", "equal"}

// Canonical spells the request the one way Query writes it: the chart's
// canonical spelling, and the default house system empty.
func (r Request) Canonical() Request {
	r.Request = r.Request.Canonical()
	r.HouseSystem = houseKey(r.HouseSystem)
	if r.HouseSystem == "placidus" {
		r.HouseSystem = ""
	}
	r.Day = strings.TrimSpace(r.Day)
	return r
}

// House is the house system the request asks for ("placidus" when none).
func (r Request) House() string { return houseKey(r.HouseSystem) }

// WithHouses is r with the house system set ("placidus", "whole_sign",
// "equal").
func (r Request) WithHouses(h string) Request {
	r.HouseSystem = h
	return r
}

// DecodeJSON reads a chart request from one JSON object, strictly: the
// body of POST /api/v1/chart plus house_system and day.
func DecodeJSON(body []byte) (Request, *bazi.FieldError) {
	var r Request
	if e := jsonstrict.Decode(body, &r); e != nil {
		return r, fieldErr(e.Field, e.Code, e.Message)
	}
	return r, nil
}

// FromQuery reads a chart request from URL query parameters: the chart
// page's parameters (chartinput.FromQuery) plus house_system and day.
// Values are validated by Build.
func FromQuery(args func(string) string) (Request, string, *bazi.FieldError) {
	cr, name, ferr := chartinput.FromQuery(args)
	r := Request{Request: cr}
	r.HouseSystem = args("house_system")
	r.Day = args("day")
	return r.Canonical(), name, ferr
}

// ParseQuery reads a stored or linked query ("date=…&tz=…&house_system=equal").
func ParseQuery(query string) (Request, string, error) {
	vals, err := url.ParseQuery(query)
	if err != nil {
		return Request{}, "", fmt.Errorf("astrology query: %w", err)
	}
	r, name, ferr := FromQuery(vals.Get)
	if ferr != nil {
		return r, name, ferr
	}
	return r, name, nil
}

// Query is the canonical URL query of a chart (no leading "?"): the BaZi
// chart's query, then house_system when it is not Placidus and day when
// given. FromQuery reads it back unchanged.
func (r Request) Query(name string) string {
	r = r.Canonical()
	q := r.Request.Query(name)
	add := func(k, v string) {
		if v == "" {
			return
		}
		if q != "" {
			q += "&"
		}
		q += k + "=" + url.QueryEscape(v)
	}
	add("house_system", r.HouseSystem)
	add("day", r.Day)
	return q
}

// ChartQuery is the query of the BaZi chart (and Zi Wei board) of the same
// birth: the astrology chart's own fields dropped.
func (r Request) ChartQuery(name string) string { return r.Request.Query(name) }

// Chart is a computed natal chart with what the app resolved.
type Chart struct {
	Request Request // resolved: a place found by name is written out
	Sent    Request // as received (the API echoes it), with the place's zone and coordinates
	Input   bazi.Input
	Place   *places.Place
	Chart   *astro.Chart
	// Transits are the positions at noon UTC of Request.Day and their
	// aspects to the chart; nil without a day.
	Transits       *astro.Bodies
	TransitAspects []astro.Aspect
}

// HasTime reports whether the birth time is known (angles and houses).
func (c *Chart) HasTime() bool { return c.Chart.HasAngles }

// Build resolves r (the birthplace, once, through chartinput.Resolve) and
// computes the chart from the resolved date, time, zone and coordinates.
// The gender, which the BaZi chart needs, plays no part and may be empty.
// With the time unknown the positions are for local noon and the chart
// has no angles or houses (a time_unknown warning says so). Every refusal
// is a *bazi.FieldError naming the field.
func Build(r Request, now time.Time) (*Chart, error) {
	hs := houseKey(r.HouseSystem)
	if _, ok := astro.ParseHouseSystem(hs); !ok {
		return nil, fieldErr("house_system", "invalid_value", `The house system must be "placidus", "whole_sign" or "equal".`)
	}
	var day time.Time
	if d := strings.TrimSpace(r.Day); d != "" {
		t, err := time.Parse("2006-01-02", d)
		if err != nil || len(d) != 10 {
			return nil, fieldErr("day", "invalid_date", "The day must be a date written YYYY-MM-DD, for example 2027-03-01.")
		}
		if t.Year() < 1800 || t.Year() > 2200 {
			return nil, fieldErr("day", "out_of_range", "The day must be between 1800 and 2200.")
		}
		day = t.Add(12 * time.Hour)
	}
	cr := r.Request
	gender := cr.Gender
	if strings.TrimSpace(cr.Gender) == "" {
		cr.Gender = "male" // the BaZi parser wants one; astrology does not
	}
	res, err := chartinput.Resolve(cr)
	if err != nil {
		return nil, err
	}
	res.Request.Gender = gender
	in := res.Input
	in.Request.Gender = gender
	ar := astro.Request{
		Date:        fmt.Sprintf("%04d-%02d-%02d", in.Year, in.Month, in.Day),
		TZ:          strings.TrimSpace(res.Request.TZ),
		Lat:         res.Request.Lat,
		Lon:         res.Request.Lon,
		HouseSystem: hs,
	}
	if in.HasTime {
		ar.Time = fmt.Sprintf("%02d:%02d:%02d", in.Hour, in.Minute, in.Second)
	}
	ain, err := ar.Parse()
	if err != nil {
		return nil, err
	}
	c, err := astro.Compute(ain)
	if err != nil {
		return nil, fieldErr("date", "out_of_range", "The birth must be between 1800 and 2200, the span of the ephemeris.")
	}
	out := &Chart{Input: in, Place: res.Place, Chart: c}
	out.Request = r
	out.Request.Request = res.Request
	out.Sent = r
	out.Sent.Request.Request = in.Request
	if !day.IsZero() {
		tb, err := astro.Positions(day)
		if err != nil {
			return nil, fieldErr("day", "out_of_range", "The day must be between 1800 and 2200.")
		}
		out.Transits = &tb
		out.TransitAspects = astro.CrossAspects(nil, &tb, &c.Bodies)
	}
	_ = now
	return out, nil
}

// Open reads a stored or linked chart or astrology query and computes it.
func Open(query string, now time.Time) (*Chart, string, error) {
	r, name, err := ParseQuery(query)
	if err != nil {
		return nil, name, err
	}
	c, err := Build(r, now)
	return c, name, err
}

// PlaceOf is the gazetteer entry the birthplace names, as
// chartinput.PlaceOf finds it for a chart (found is false for a named
// place not in the gazetteer at the given zone and coordinates).
func (c *Chart) PlaceOf() (*places.Place, bool) {
	doc := &chartinput.Document{Chart: &bazi.Chart{Input: c.Input.Request}, Place: c.Place}
	doc.SolarTime.TZ = c.Input.Location.String()
	return chartinput.PlaceOf(c.Request.Request, doc)
}
