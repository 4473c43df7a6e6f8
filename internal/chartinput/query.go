package chartinput

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bazi-master/bazi-master/bazi"
)

// MaxNameRunes bounds the optional display name.
const MaxNameRunes = 80

// FromQuery reads a chart request from URL query or form parameters, named
// as in the JSON API (date, time, calendar, leap_month, tz, lon, lat,
// place, gender, true_solar_time, zi_rule, luck_method) plus name (optional
// display name), time_unknown (a checkbox that drops the time) and, with
// the lunar calendar, the birth form's lunar selects (lunar_year,
// lunar_month, lunar_day; see LunarFields), which replace date and
// leap_month when any of them is chosen. Values
// are trimmed and spelled canonically (defaults become ""), but not
// validated: that is Resolve's job. The only error is a longitude or
// latitude that is not a number. A time that is not a clock time is kept
// even with time_unknown on, so Resolve refuses it instead of the link
// silently losing it.
func FromQuery(args func(string) string) (req Request, name string, err *bazi.FieldError) {
	get := func(k string) string { return strings.TrimSpace(args(k)) }
	r := Request{}
	r.Date = get("date")
	if t := get("time"); !IsOn(args("time_unknown")) || (t != "" && !bazi.ValidClock(t)) {
		r.Time = t
	}
	r.Calendar = get("calendar")
	r.LeapMonth = IsOn(args("leap_month"))
	if lf := LunarFieldsOf(args); lf.Given() && spelled(r.Request).Calendar == "lunar" {
		date, leap, ferr := lf.canonicalDate()
		r.Date, r.LeapMonth, err = date, leap, ferr
	}
	r.TZ = get("tz")
	r.Place = get("place")
	r.Gender = get("gender")
	r.TrueSolarTime = IsOn(args("true_solar_time"))
	r.ZiRule = get("zi_rule")
	r.LuckMethod = get("luck_method")
	for _, f := range []struct {
		key string
		dst **float64
	}{{"lon", &r.Lon}, {"lat", &r.Lat}} {
		v, ferr := parseCoord(f.key, get(f.key))
		if ferr != nil && err == nil {
			err = ferr
		}
		*f.dst = v
	}
	return r.Canonical(), CleanName(args("name")), err
}

// LinkQuery is the chart query of a field that holds a chart link
// ("https://…/chart?date=…#x") or the query itself, trimmed.
func LinkQuery(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	return s
}

// ParseQuery reads a stored or linked chart query ("date=…&tz=…"), as
// FromQuery does. A query that is not URL syntax is an error.
func ParseQuery(query string) (Request, string, error) {
	vals, err := url.ParseQuery(query)
	if err != nil {
		return Request{}, "", fmt.Errorf("chart query: %w", err)
	}
	req, name, ferr := FromQuery(vals.Get)
	if ferr != nil {
		return req, name, ferr
	}
	return req, name, nil
}

// FromForm reads and validates the birth form (args gives its fields).
// Unlike a URL, the form asks for the "time unknown" box to be ticked, so a
// forgotten time is not silently dropped. The request comes back resolved
// (a place found by name written out as its zone and coordinates), ready
// for Query. Every refusal is a *bazi.FieldError.
func FromForm(args func(string) string) (Request, string, error) {
	req, name, ferr := FromQuery(args)
	if ferr != nil {
		return req, name, ferr
	}
	res, err := Resolve(req)
	// Mistakes in the fields above the time are reported first.
	if req.Time == "" && !IsOn(args("time_unknown")) {
		var fe *bazi.FieldError
		if err == nil || (errors.As(err, &fe) && fe.Field != "date" && fe.Field != "calendar" && fe.Field != "leap_month") {
			err = &bazi.FieldError{Field: "time", Code: "required", Message: "Enter the birth time, or tick \"time unknown\"."}
		}
	}
	if err != nil {
		return req, name, err
	}
	return res.Request, name, nil
}

// Query is the canonical URL query of a chart (no leading "?"): only the
// values that differ from the defaults, in a fixed order, so a chart can be
// bookmarked and shared. FromQuery reads it back unchanged.
func (r Request) Query(name string) string {
	r = r.Canonical()
	var b strings.Builder
	add := func(k, v string) {
		if v == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	flag := func(on bool) string {
		if on {
			return "1"
		}
		return ""
	}
	add("date", strings.TrimSpace(r.Date))
	add("time", strings.TrimSpace(r.Time))
	add("calendar", r.Calendar)
	add("leap_month", flag(r.LeapMonth))
	add("tz", strings.TrimSpace(r.TZ))
	add("lon", FormatCoord(r.Lon))
	add("lat", FormatCoord(r.Lat))
	add("place", strings.TrimSpace(r.Place))
	add("gender", strings.TrimSpace(r.Gender))
	add("true_solar_time", flag(r.TrueSolarTime))
	add("zi_rule", r.ZiRule)
	add("luck_method", r.LuckMethod)
	add("name", CleanName(name))
	return b.String()
}

// FormatCoord writes a coordinate as Query does; nil gives "".
func FormatCoord(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// IsOn reads a checkbox or boolean parameter.
func IsOn(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "on", "1", "true":
		return true
	}
	return false
}

// parseCoord reads a longitude or latitude in degrees; a decimal comma is
// accepted. Empty gives nil.
func parseCoord(field, s string) (*float64, *bazi.FieldError) {
	if s == "" {
		return nil, nil
	}
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || len(s) > 32 {
		what := "longitude"
		if field == "lat" {
			what = "latitude"
		}
		return nil, &bazi.FieldError{Field: field, Code: "invalid_number", Message: fmt.Sprintf("The %s must be a number of degrees, for example 116.4.", what)}
	}
	return &v, nil
}

// CleanName is the display name as shown and linked: valid UTF-8 without
// control characters, at most MaxNameRunes.
func CleanName(s string) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > MaxNameRunes {
		s = strings.TrimSpace(string([]rune(s)[:MaxNameRunes]))
	}
	return s
}

// Switches are the canonical queries of one chart with one option switched:
// the chart page's links to the same birth read another way.
type Switches struct {
	ZiRule     string            // the other 子时 rule
	TrueSolar  string            // true solar time on or off; "" without a longitude
	LuckMethod map[string]string // luck-start method → query
}

// SwitchesOf lists the switches of the chart computed for r (opts are its
// options as applied, hasLon whether a longitude was known).
func SwitchesOf(r Request, name string, opts bazi.Options, hasLon bool) Switches {
	with := func(change func(*Request)) string {
		changed := r
		change(&changed)
		return changed.Query(name)
	}
	s := Switches{LuckMethod: make(map[string]string, 3)}
	s.ZiRule = with(func(x *Request) {
		if opts.ZiRule == bazi.ZiSplit {
			x.ZiRule = "next-day"
		} else {
			x.ZiRule = "split"
		}
	})
	if hasLon {
		s.TrueSolar = with(func(x *Request) { x.TrueSolarTime = !opts.TrueSolarTime })
	}
	for _, m := range []string{"exact", "days", "minutes"} {
		s.LuckMethod[m] = with(func(x *Request) { x.LuckMethod = m })
	}
	return s
}
