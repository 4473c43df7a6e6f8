// Package chartinput is the chart request codec: it turns a chart request
// as people send it (URL query, birth form, JSON body, CLI flags) into one
// validated request, spells it back as the canonical URL query, and builds
// the chart. It is the only home of the spellings the app accepts (aliases
// such as "F" or "gregorian"), and the only place where a birthplace name
// fills the time zone and coordinates. Pages, the API and the CLI all go
// through it, so they accept and refuse the same things.
package chartinput

import (
	"fmt"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/textguard"
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
	// Request is the request with the birthplace written out: a place
	// found by name has filled the zone and coordinates that were not
	// given, so a URL built from it keeps its meaning when the gazetteer
	// changes.
	Request Request
	Input   bazi.Input
	Place   *places.Place // the gazetteer entry used, if any
}

// Resolve validates r. Every refusal is a *bazi.FieldError naming the field.
func Resolve(r Request) (Resolved, error) {
	var out Resolved
	raw := r.Request
	r.Place = strings.TrimSpace(r.Place)
	if !textguard.Valid(r.Place) {
		return out, &bazi.FieldError{Field: "place", Code: "invalid_text", Message: "The place name holds a NUL character or text that is not UTF-8."}
	}
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
	in, err := spelled(r.Request).Parse()
	if err != nil {
		return out, lunarShortMonth(r.Request, err)
	}
	// The chart echoes the request as it was sent (API clients see their
	// own spelling), with the zone and coordinates a place filled in.
	echo := raw
	echo.TZ, echo.Lon, echo.Lat = r.TZ, r.Lon, r.Lat
	in.Request = echo
	out.Request, out.Input = r, in
	return out, nil
}

// spelled maps every accepted spelling of the option values to the one the
// engine takes ("F" → "female", "gregorian" → "solar", "next_day" →
// "next-day"). Unknown values pass through for the engine to refuse by
// field.
func spelled(r bazi.Request) bazi.Request {
	lower := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	switch v := lower(r.Calendar); v {
	case "", "solar", "gregorian":
		r.Calendar = "solar"
	case "lunar", "chinese":
		r.Calendar = "lunar"
	}
	switch lower(r.Gender) {
	case "male", "m":
		r.Gender = "male"
	case "female", "f":
		r.Gender = "female"
	}
	switch lower(r.ZiRule) {
	case "", "next-day", "next_day", "nextday":
		r.ZiRule = "next-day"
	case "split":
		r.ZiRule = "split"
	}
	switch v := lower(r.LuckMethod); v {
	case "", "exact", "days", "minutes":
		r.LuckMethod = v
	}
	return r
}

// Canonical spells the option values the one way Query writes them: the
// engine's names, with defaults empty, so equal charts get equal URLs.
func (r Request) Canonical() Request {
	r.Request = spelled(r.Request)
	if r.Calendar == "solar" {
		r.Calendar = ""
	}
	if r.ZiRule == "next-day" {
		r.ZiRule = ""
	}
	if r.LuckMethod == "exact" {
		r.LuckMethod = ""
	}
	return r
}
