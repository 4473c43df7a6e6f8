package astro

import (
	"errors"
	"math"
	"strings"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
)

// Request is a natal chart request as the API receives it.
type Request struct {
	Date        string   `json:"date"`                   // YYYY-MM-DD, Gregorian, 1800–2200
	Time        string   `json:"time,omitempty"`         // HH:MM or HH:MM:SS; "" = unknown
	TZ          string   `json:"tz"`                     // IANA name or fixed offset "+08:00", "UTC"
	Lat         *float64 `json:"lat,omitempty"`          // degrees north; required with a time
	Lon         *float64 `json:"lon,omitempty"`          // degrees east; required with a time
	HouseSystem string   `json:"house_system,omitempty"` // "placidus" (default), "whole_sign", "equal"
}

// Warning is a non-fatal remark on a chart (bazi's shape).
type Warning = bazi.Warning

// FieldError names the request field a refusal is about (bazi's shape):
// date, time, tz, lat, lon or house_system.
type FieldError = bazi.FieldError

// Warning codes. DST overlap and local mean time are bazi's.
const (
	WarnDSTOverlap      = bazi.WarnDSTOverlap
	WarnLMT             = bazi.WarnLMT
	WarnTimeUnknown     = bazi.WarnTimeUnknown
	WarnPlacidusPolar   = "placidus_polar"
	WarnDeltaTUncertain = "delta_t_forecast"
)

// Input is a validated request: the birth instant and place.
type Input struct {
	Request Request

	// UTC is the birth instant; with the time unknown, local noon (13:00
	// if noon fell in a daylight-saving gap).
	UTC     time.Time
	HasTime bool
	Lat     float64
	Lon     float64
	HasLat  bool
	HasLon  bool

	HouseSystem HouseSystem
	Warnings    []Warning
}

func fieldErr(field, code, msg string) *FieldError {
	return &FieldError{Field: field, Code: code, Message: msg}
}

// Parse validates the request with the BaZi chart's rules for date, time
// and zone (IANA zone with its DST history or a fixed offset; a clock time
// skipped by DST is refused, one repeated is read as the earlier and
// flagged). Every bad input gives a *FieldError; it never panics.
func (r Request) Parse() (Input, error) {
	in := Input{Request: r}
	hs, ok := ParseHouseSystem(strings.TrimSpace(r.HouseSystem))
	if !ok {
		return in, fieldErr("house_system", "invalid_value", `The house system must be "placidus", "whole_sign" or "equal".`)
	}
	in.HouseSystem = hs
	// bazi's parser checks date, time, zone and coordinates; the gender it
	// needs plays no part here.
	b, err := bazi.Request{Date: r.Date, Time: r.Time, TZ: r.TZ, Lat: r.Lat, Lon: r.Lon, Gender: "male"}.Parse()
	if err != nil {
		return in, err
	}
	in.UTC, in.HasTime = b.UTC, b.HasTime
	in.Lat, in.Lon, in.HasLat, in.HasLon = b.Lat, b.Lon, b.HasLat, b.HasLon
	if in.HasTime {
		if !in.HasLat {
			return in, fieldErr("lat", "required", "The birthplace latitude is required with a birth time (houses and angles).")
		}
		if !in.HasLon {
			return in, fieldErr("lon", "required", "The birthplace longitude is required with a birth time (houses and angles).")
		}
	}
	for _, w := range b.Warnings {
		switch w.Code {
		case bazi.WarnDSTOverlap, bazi.WarnLMT:
			in.Warnings = append(in.Warnings, w)
		}
	}
	if !in.HasTime {
		in.Warnings = append(in.Warnings, Warning{Code: WarnTimeUnknown, Message: "Birth time unknown: positions are for local noon (the Moon may be off by up to about 7°), and the ascendant, midheaven and houses are left out."})
	}
	if b.Year > 2050 {
		in.Warnings = append(in.Warnings, Warning{Code: WarnDeltaTUncertain, Message: "After 2050 the gap between clock time and the time scale of the ephemeris (ΔT) is a forecast: the Moon may be off by a few hundredths of a degree; the angles and houses are not affected."})
	}
	return in, nil
}

// Chart is a Western natal chart.
type Chart struct {
	Input Input `json:"-"`

	// Bodies holds the positions, indexed by Body (Sun … Pluto, MeanNode,
	// TrueNode); House is set when the houses are known.
	Bodies Bodies `json:"bodies"`

	// HasAngles is false when the birth time is unknown: then the angles
	// and houses are zero and nil.
	HasAngles bool    `json:"has_angles"`
	Ascendant float64 `json:"ascendant,omitempty"`
	Midheaven float64 `json:"midheaven,omitempty"`
	// LST is the local apparent sidereal time, hours.
	LST float64 `json:"lst,omitempty"`
	// HouseSystem is the system the cusps were drawn with (Equal when
	// Placidus was asked for beyond PlacidusMaxLat).
	HouseSystem HouseSystem `json:"house_system"`
	// Houses are the twelve cusps, first house first (nil without angles).
	Houses []float64 `json:"houses,omitempty"`

	Aspects  []Aspect  `json:"aspects"`
	Warnings []Warning `json:"warnings,omitempty"`

	cusps   [12]float64
	aspects [32]Aspect
}

// ErrBadPlace is returned for a latitude or longitude out of range in an
// Input not made by Parse.
var ErrBadPlace = errors.New("astro: latitude or longitude out of range")

// Compute draws the chart. Errors (ErrOutOfRange, ErrBadPlace) come only
// from an Input not made by Parse.
func Compute(in Input) (*Chart, error) {
	c := &Chart{Input: in, HouseSystem: in.HouseSystem, Warnings: in.Warnings}
	ut := utDays(in.UTC)
	tt := ttOf(ut)
	if !(tt >= fitStart && tt < fitEnd) {
		return nil, ErrOutOfRange
	}
	if !(math.Abs(in.Lat) <= 90 && math.Abs(in.Lon) <= 180) {
		return nil, ErrBadPlace
	}
	e := eTilt(tt)
	positions(&c.Bodies, tt, e)
	if in.HasTime {
		lst := math.Mod(siderealTime(ut, tt, e)+in.Lon/15, 24)
		if lst < 0 {
			lst += 24
		}
		a := angles(lst, e.tobl, in.Lat)
		c.HasAngles = true
		c.Ascendant, c.Midheaven, c.LST = a.Ascendant, a.Midheaven, a.LST
		used := cusps(&c.cusps, in.HouseSystem, a, in.Lat)
		if used != in.HouseSystem {
			c.HouseSystem = used
			c.Warnings = append(c.Warnings[:len(c.Warnings):len(c.Warnings)], Warning{Code: WarnPlacidusPolar,
				Message: "Placidus houses are undefined this close to the pole (some degrees of the zodiac never rise or set): equal houses from the ascendant are shown instead."})
		}
		c.Houses = c.cusps[:]
		for i := range c.Bodies {
			c.Bodies[i].House = houseOf(&c.cusps, c.Bodies[i].Lon)
		}
	}
	c.Aspects = FindAspects(c.aspects[:0], &c.Bodies)
	return c, nil
}

// AnglesAt returns the ascendant, midheaven, local apparent sidereal time
// and true obliquity at instant t for a place at lat, lon (degrees).
func AnglesAt(t time.Time, lat, lon float64) (Angles, error) {
	ut := utDays(t)
	tt := ttOf(ut)
	if !(tt >= fitStart && tt < fitEnd) {
		return Angles{}, ErrOutOfRange
	}
	if !(math.Abs(lat) <= 90 && math.Abs(lon) <= 180) {
		return Angles{}, ErrBadPlace
	}
	e := eTilt(tt)
	lst := math.Mod(siderealTime(ut, tt, e)+lon/15, 24)
	if lst < 0 {
		lst += 24
	}
	return angles(lst, e.tobl, lat), nil
}
