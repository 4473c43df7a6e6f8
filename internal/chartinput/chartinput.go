// Package chartinput turns a chart request as people send it (JSON body,
// CLI flags, later the form) into the engine's Input: it resolves a
// birthplace name through the gazetteer, then lets the engine validate.
// API, CLI and pages share it so they accept and refuse the same things.
package chartinput

import (
	"fmt"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/places"
)

// Request is the engine's request plus the fields only the app knows.
type Request struct {
	bazi.Request
	// Place is a birthplace name in any script ("Beijing", "北京", "臺北");
	// it fills tz, lon and lat where they are not given.
	Place string `json:"place,omitempty"`
	// LiuYueYear asks for the 12 monthly pillars (流月) of that year.
	LiuYueYear int `json:"liu_yue_year,omitempty"`
}

// maxPlaceLen bounds the place name; the gazetteer has nothing longer.
const maxPlaceLen = 200

// Resolved is a validated request.
type Resolved struct {
	Input bazi.Input
	Place *places.Place // the gazetteer entry used, if any
}

// Resolve validates r. Every refusal is a *bazi.FieldError naming the field.
func Resolve(r Request) (Resolved, error) {
	var out Resolved
	r.Place = strings.TrimSpace(r.Place)
	if len(r.Place) > maxPlaceLen {
		return out, &bazi.FieldError{Field: "place", Code: "too_long", Message: fmt.Sprintf("The place name is longer than %d characters.", maxPlaceLen)}
	}
	if r.Place != "" && (r.Lon == nil || r.Lat == nil || strings.TrimSpace(r.TZ) == "") {
		hits := places.Search(r.Place, 1)
		if len(hits) == 0 {
			return out, &bazi.FieldError{Field: "place", Code: "unknown_place", Message: fmt.Sprintf("No place called %q was found; choose one from the list, or enter the time zone and longitude yourself.", r.Place)}
		}
		p := hits[0]
		out.Place = &p
		if strings.TrimSpace(r.TZ) == "" {
			r.TZ = p.TZ
		}
		if r.Lon == nil {
			lon := p.Lon
			r.Lon = &lon
		}
		if r.Lat == nil {
			lat := p.Lat
			r.Lat = &lat
		}
	}
	if r.LiuYueYear != 0 && (r.LiuYueYear < bazi.MinYear || r.LiuYueYear > bazi.MaxYear) {
		return out, &bazi.FieldError{Field: "liu_yue_year", Code: "out_of_range", Message: fmt.Sprintf("The year for monthly pillars must be between %d and %d.", bazi.MinYear, bazi.MaxYear)}
	}
	in, err := r.Request.Parse()
	if err != nil {
		return out, err
	}
	out.Input = in
	return out, nil
}
