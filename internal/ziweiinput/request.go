// Package ziweiinput is the Zi Wei Dou Shu request codec: the chart
// request (internal/chartinput, which it embeds and never re-implements)
// plus what only a Zi Wei board asks for: the year of the overlay and the
// two school switches. Query strings, JSON bodies and CLI flags decode to
// one Request; Request.Query spells it back; Build computes the board.
package ziweiinput

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/jsonstrict"
	"github.com/bazi-master/bazi-master/places"
	"github.com/bazi-master/bazi-master/ziwei"
)

// Request is a chart request plus the board's own fields.
type Request struct {
	chartinput.Request
	// Year is the Gregorian year of the 大限/流年 overlay; 0 means the
	// current year.
	Year int `json:"year,omitempty"`
	// LeapRule: "fix" (default: the second half of a leap month counts as
	// the next month) or "whole".
	LeapRule string `json:"leap_rule,omitempty"`
	// LateZi: how 23:00–23:59 is charted: "late" (default, iztro), "next-day"
	// or "same-day". It is not the BaZi chart's zi_rule, whose default
	// differs.
	LateZi string `json:"late_zi,omitempty"`
}

// MaxYearsAfterBirth bounds the overlay year: past 120 a 虚岁 means little.
const MaxYearsAfterBirth = 120

func fieldErr(field, code, msg string) *bazi.FieldError {
	return &bazi.FieldError{Field: field, Code: code, Message: msg}
}

// options reads the school switches; unknown values are refused by field.
func (r Request) options() (ziwei.Options, *bazi.FieldError) {
	var o ziwei.Options
	lr, ok := ziwei.ParseLeapRule(strings.ToLower(strings.TrimSpace(r.LeapRule)))
	if !ok {
		return o, fieldErr("leap_rule", "invalid_value", `The leap-month rule must be "fix" or "whole".`)
	}
	zr, ok := ziwei.ParseZiRule(strings.ToLower(strings.TrimSpace(r.LateZi)))
	if !ok {
		return o, fieldErr("late_zi", "invalid_value", `The late 子 rule must be "late", "next-day" or "same-day".`)
	}
	o.Leap, o.Zi = lr, zr
	return o, nil
}

// Canonical spells the request the one way Query writes it: the chart's
// canonical spelling, and the board's defaults empty.
func (r Request) Canonical() Request {
	r.Request = r.Request.Canonical()
	if o, err := r.options(); err == nil {
		r.LeapRule, r.LateZi = o.Leap.String(), o.Zi.String()
		if o.Leap == ziwei.LeapFix {
			r.LeapRule = ""
		}
		if o.Zi == ziwei.ZiLate {
			r.LateZi = ""
		}
	}
	return r
}

// DecodeJSON reads a board request from one JSON object, strictly: the
// body of POST /api/v1/chart plus year, leap_rule and late_zi.
func DecodeJSON(body []byte) (Request, *bazi.FieldError) {
	var r Request
	if e := jsonstrict.Decode(body, &r); e != nil {
		return r, fieldErr(e.Field, e.Code, e.Message)
	}
	return r, nil
}

// FromQuery reads a board request from URL query parameters: the chart
// page's parameters (chartinput.FromQuery) plus year, leap_rule and
// late_zi. A year that is not a number is refused here; the rest is
// validated by Build.
func FromQuery(args func(string) string) (Request, string, *bazi.FieldError) {
	cr, name, ferr := chartinput.FromQuery(args)
	r := Request{Request: cr}
	r.LeapRule = strings.TrimSpace(args("leap_rule"))
	r.LateZi = strings.TrimSpace(args("late_zi"))
	if y := strings.TrimSpace(args("year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || len(y) > 6 {
			if ferr == nil {
				ferr = fieldErr("year", "invalid_number", "The year must be a number, for example 2027.")
			}
		} else {
			r.Year = n
		}
	}
	return r.Canonical(), name, ferr
}

// Query is the canonical URL query of a board (no leading "?"): the
// chart's query, then the board's own values that differ from the
// defaults. FromQuery reads it back unchanged.
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
		q += k + "=" + v // values are ASCII words and digits: nothing to escape
	}
	add("leap_rule", r.LeapRule)
	add("late_zi", r.LateZi)
	if r.Year != 0 {
		add("year", strconv.Itoa(r.Year))
	}
	return q
}

// ChartQuery is the query of the BaZi chart of the same birth: the board's
// own fields dropped.
func (r Request) ChartQuery(name string) string { return r.Request.Query(name) }

// WithYear is r with the overlay year set (0: the current year).
func (r Request) WithYear(year int) Request {
	r.Year = year
	return r
}

// Board is a computed board with its overlay and what the app resolved.
type Board struct {
	Request   Request // resolved: a place found by name is written out
	Sent      Request // as received (the API echoes it), with the place's zone and coordinates
	Input     bazi.Input
	Place     *places.Place
	Board     *ziwei.Board
	Horoscope ziwei.Horoscope
}

// Build resolves r (the birthplace, once, through chartinput.Resolve),
// computes the board and the overlay of r.Year (the current year on now's
// calendar when 0). Every refusal is a *bazi.FieldError naming the field.
func Build(r Request, now time.Time) (*Board, error) {
	opts, ferr := r.options()
	if ferr != nil {
		return nil, ferr
	}
	res, err := chartinput.Resolve(r.Request)
	if err != nil {
		return nil, err
	}
	birth, err := ziwei.FromInput(res.Input)
	if err != nil {
		return nil, err
	}
	out := &Board{Input: res.Input, Place: res.Place}
	out.Request = r
	out.Request.Request = res.Request
	out.Sent = r
	out.Sent.Request.Request = res.Input.Request
	year := r.Year
	if year == 0 {
		year = now.In(res.Input.Location).Year()
	} else if year < birth.Year || year > birth.Year+MaxYearsAfterBirth {
		return nil, fieldErr("year", "out_of_range", fmt.Sprintf("The year must be between the birth year (%d) and %d.", birth.Year, birth.Year+MaxYearsAfterBirth))
	}
	bd, err := ziwei.Compute(birth, opts)
	if err != nil {
		return nil, err
	}
	out.Board = bd
	bd.HoroscopeInto(&out.Horoscope, year)
	return out, nil
}

// Open reads a stored or linked board or chart query and computes it.
func Open(query string, now time.Time) (*Board, string, error) {
	r, name, err := ParseQuery(query)
	if err != nil {
		return nil, name, err
	}
	b, err := Build(r, now)
	return b, name, err
}

// ParseQuery reads a stored or linked query ("date=…&tz=…&year=2027").
func ParseQuery(query string) (Request, string, error) {
	vals, err := url.ParseQuery(query)
	if err != nil {
		return Request{}, "", fmt.Errorf("board query: %w", err)
	}
	r, name, ferr := FromQuery(vals.Get)
	if ferr != nil {
		return r, name, ferr
	}
	return r, name, nil
}

// PlaceOf is the gazetteer entry the birthplace names, as
// chartinput.PlaceOf finds it for a chart (found is false for a named
// place not in the gazetteer at the given zone and coordinates).
func (b *Board) PlaceOf() (*places.Place, bool) {
	doc := &chartinput.Document{Chart: &bazi.Chart{Input: b.Input.Request}, Place: b.Place}
	doc.SolarTime.TZ = b.Input.Location.String()
	return chartinput.PlaceOf(b.Request.Request, doc)
}
