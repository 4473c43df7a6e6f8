package bazi

import (
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Request is a chart request as a user types it (JSON body, form or CLI
// flags). Parse validates it into an Input.
type Request struct {
	Date          string   `json:"date"`                      // YYYY-MM-DD (solar or lunar, see Calendar)
	Time          string   `json:"time,omitempty"`            // HH:MM or HH:MM:SS; "" = unknown
	Calendar      string   `json:"calendar,omitempty"`        // "solar" (default) or "lunar"
	LeapMonth     bool     `json:"leap_month,omitempty"`      // lunar date is in a leap month
	TZ            string   `json:"tz"`                        // IANA name or fixed offset "+08:00", "UTC"
	Lon           *float64 `json:"lon,omitempty"`             // degrees east
	Lat           *float64 `json:"lat,omitempty"`             // degrees north
	Gender        string   `json:"gender"`                    // "male" or "female"
	TrueSolarTime bool     `json:"true_solar_time,omitempty"` // day and hour pillars from true solar time
	ZiRule        string   `json:"zi_rule,omitempty"`         // "next-day" (default) or "split"
	LuckMethod    string   `json:"luck_method,omitempty"`     // "exact" (default), "days" or "minutes"
}

// FieldError is a validation error tied to one request field.
type FieldError struct {
	Field   string `json:"field"`   // JSON/form field name, e.g. "date"
	Code    string `json:"code"`    // stable snake_case key, e.g. "invalid_date"
	Message string `json:"message"` // English sentence for people
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

func fieldErr(field, code, msg string) *FieldError {
	return &FieldError{Field: field, Code: code, Message: msg}
}

// Warning is a non-fatal remark on a chart.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Warning codes.
const (
	WarnDSTOverlap       = "dst_overlap"
	WarnAfter2050        = "after_2050"
	WarnLMT              = "local_mean_time_zone"
	WarnTimeUnknown      = "time_unknown"
	WarnNearSolarTerm    = "near_solar_term"
	WarnNearHourBoundary = "near_hour_boundary"
	WarnJieOnBirthDate   = "solar_term_on_birth_date"
	WarnTrueSolarNoTime  = "true_solar_time_ignored"
	WarnLeapIgnored      = "leap_month_ignored"
)

// Gender decides the direction of the luck pillars.
type Gender uint8

const (
	Male Gender = iota
	Female
)

// String returns "male" or "female".
func (g Gender) String() string {
	if g == Female {
		return "female"
	}
	return "male"
}

// MarshalText writes the String form.
func (g Gender) MarshalText() ([]byte, error) { return []byte(g.String()), nil }

// LuckMethod is how the start of the luck pillars (起运) is counted.
type LuckMethod uint8

const (
	// LuckExact: the exact seconds to the governing 节, 3 days = 1 year.
	LuckExact LuckMethod = iota
	// LuckDays: whole days and 时辰 (lunar-go GetYun, sect 1).
	LuckDays
	// LuckMinutes: whole minutes (lunar-go GetYunBySect(gender, 2)).
	LuckMinutes
)

var luckMethodNames = [3]string{"exact", "days", "minutes"}

// String returns "exact", "days" or "minutes".
func (m LuckMethod) String() string { return luckMethodNames[m%3] }

// MarshalText writes the String form.
func (m LuckMethod) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// LunarDate is a Chinese lunar calendar date.
type LunarDate struct {
	Year  int  `json:"year"`
	Month int  `json:"month"`
	Day   int  `json:"day"`
	Leap  bool `json:"leap"`
}

// Input is a validated request, with the time zone resolved and the birth
// instant computed. Build it with Request.Parse; Compute trusts its fields.
type Input struct {
	Request Request // as received, echoed in the chart

	Lunar *LunarDate // the lunar date entered, when Calendar was "lunar"

	// Year, Month, Day are the Gregorian birth date on the local clock.
	Year, Month, Day     int
	Hour, Minute, Second int
	HasTime              bool

	Location *time.Location
	Lon, Lat float64
	HasLon   bool
	HasLat   bool

	Gender        Gender
	TrueSolarTime bool
	ZiRule        ZiRule
	LuckMethod    LuckMethod

	// UTC is the birth instant; when the time is unknown, local noon
	// stands in for it (year/month pillars and luck are read there).
	UTC time.Time
	// ClockOffset is the clock's UTC offset at birth in seconds (DST
	// included); StandardOffset is the same without daylight saving.
	ClockOffset    int
	StandardOffset int
	ZoneAbbrev     string

	// Warnings found while parsing (DST overlap, far future …).
	Warnings []Warning

	// zoneFrom and zoneTo bound the zone period around the birth in which
	// ClockOffset holds, so that nearby instants need no zone lookup.
	zoneFrom, zoneTo int64
}

// clockOffsetAt returns the civil UTC offset of the birthplace at Unix
// second u.
func (in *Input) clockOffsetAt(u int64) int {
	if u >= in.zoneFrom && u < in.zoneTo {
		return in.ClockOffset
	}
	off, _ := offsetAt(in.Location, u)
	return off
}

// MinYear and MaxYear bound the supported birth years.
const (
	MinYear = 1800
	MaxYear = 2200
)

// Parse validates the request. Every bad input gives a *FieldError; it
// never panics.
func (r Request) Parse() (Input, error) {
	in := Input{Request: r}

	lunar := false
	// Only the canonical spellings: aliases ("F", "gregorian") are the
	// request codec's business (internal/chartinput).
	switch r.Calendar {
	case "", "solar":
	case "lunar":
		lunar = true
	default:
		return in, fieldErr("calendar", "invalid_value", `Calendar must be "solar" or "lunar".`)
	}

	// Date.
	ds := strings.TrimSpace(r.Date)
	if ds == "" {
		return in, fieldErr("date", "required", "The birth date is required (YYYY-MM-DD).")
	}
	y, mo, d, ok := parseDate(ds)
	if !ok {
		return in, fieldErr("date", "invalid_date", "The date must be written YYYY-MM-DD, for example 1988-02-15.")
	}
	if y < MinYear || y > MaxYear {
		return in, fieldErr("date", "out_of_range", "Supported birth years are 1800 to 2200.")
	}
	if mo < 1 || mo > 12 {
		return in, fieldErr("date", "invalid_date", "The month must be between 01 and 12.")
	}
	if !lunar && r.LeapMonth {
		return in, fieldErr("leap_month", "invalid_value", "A leap month applies only to lunar dates (calendar \"lunar\").")
	}
	if lunar {
		if d < 1 || d > 30 {
			return in, fieldErr("date", "invalid_date", "A lunar day must be between 01 and 30.")
		}
		ld := LunarDate{Year: y, Month: mo, Day: d, Leap: r.LeapMonth}
		sy, sm, sd, err := lunarToSolar(ld)
		if err != nil {
			return in, err
		}
		in.Lunar = &ld
		y, mo, d = sy, sm, sd
	} else if d < 1 || d > daysIn(y, mo) {
		return in, fieldErr("date", "invalid_date", "That day does not exist in that month.")
	}
	in.Year, in.Month, in.Day = y, mo, d

	// Time.
	ts := strings.TrimSpace(r.Time)
	if ts != "" {
		h, mi, s, ok := parseClock(ts)
		if !ok {
			return in, fieldErr("time", "invalid_time", "The time must be written HH:MM or HH:MM:SS (24-hour clock), for example 08:37.")
		}
		in.Hour, in.Minute, in.Second, in.HasTime = h, mi, s, true
	} else {
		in.Hour = 12 // noon stands in for an unknown time
	}

	// Time zone.
	loc, ferr := LoadZone(r.TZ)
	if ferr != nil {
		return in, ferr
	}
	in.Location = loc

	// Coordinates.
	if r.Lon != nil {
		v := *r.Lon
		if math.IsNaN(v) || math.IsInf(v, 0) || v < -180 || v > 180 {
			return in, fieldErr("lon", "out_of_range", "Longitude must be between -180 and 180 degrees (east positive).")
		}
		in.Lon, in.HasLon = v, true
	}
	if r.Lat != nil {
		v := *r.Lat
		if math.IsNaN(v) || math.IsInf(v, 0) || v < -90 || v > 90 {
			return in, fieldErr("lat", "out_of_range", "Latitude must be between -90 and 90 degrees (north positive).")
		}
		in.Lat, in.HasLat = v, true
	}

	// Gender.
	switch r.Gender {
	case "male":
		in.Gender = Male
	case "female":
		in.Gender = Female
	case "":
		return in, fieldErr("gender", "required", `Gender is required ("male" or "female"): it sets the direction of the luck pillars.`)
	default:
		return in, fieldErr("gender", "invalid_value", `Gender must be "male" or "female".`)
	}

	switch r.ZiRule {
	case "", "next-day":
		in.ZiRule = ZiNextDay
	case "split":
		in.ZiRule = ZiSplit
	default:
		return in, fieldErr("zi_rule", "invalid_value", `The zi rule must be "next-day" or "split".`)
	}

	switch r.LuckMethod {
	case "", "exact":
		in.LuckMethod = LuckExact
	case "days":
		in.LuckMethod = LuckDays
	case "minutes":
		in.LuckMethod = LuckMinutes
	default:
		return in, fieldErr("luck_method", "invalid_value", `The luck method must be "exact", "days" or "minutes".`)
	}

	if r.TrueSolarTime {
		if !in.HasLon {
			return in, fieldErr("lon", "required", "True solar time needs the birthplace longitude.")
		}
		in.TrueSolarTime = true
	}

	// Birth instant.
	overlap, ferr := in.setInstant()
	if ferr != nil {
		return in, ferr
	}

	if overlap && in.HasTime {
		in.Warnings = append(in.Warnings, Warning{WarnDSTOverlap, "That clock time occurred twice in this time zone (clocks were turned back); the earlier reading, during daylight saving time, was used."})
	}
	if !in.HasTime {
		in.Warnings = append(in.Warnings, Warning{WarnTimeUnknown, "Birth time unknown: the hour pillar is left out; the luck start is counted from local noon."})
		if r.TrueSolarTime {
			in.Warnings = append(in.Warnings, Warning{WarnTrueSolarNoTime, "True solar time is not applied when the birth time is unknown."})
		}
	}
	if in.ZoneAbbrev == "LMT" {
		in.Warnings = append(in.Warnings, Warning{WarnLMT, "This time zone had no standard time at that date; the local mean time of the zone's city was used. Give a fixed offset such as +08:00 if the clock followed another meridian."})
	}
	if in.Year > 2050 {
		in.Warnings = append(in.Warnings, Warning{WarnAfter2050, "Solar-term instants after 2050 carry an uncertainty of minutes (the Earth's rotation cannot be predicted exactly)."})
	}
	return in, nil
}

// setInstant finds the instant of the input's wall reading on its
// Location's clock, and the zone in force then. An unknown time that falls
// in a daylight-saving gap moves to 13:00; a known one is refused. overlap
// reports a reading the clock showed twice (the earlier is taken).
func (in *Input) setInstant() (overlap bool, ferr *FieldError) {
	loc := in.Location
	u, overlap, gap := resolveLocal(loc, in.Year, in.Month, in.Day, in.Hour, in.Minute, in.Second)
	if gap {
		if in.HasTime {
			return false, fieldErr("time", "dst_gap", "That clock time did not exist in this time zone: the clocks were put forward (daylight saving time). Check the time or the time zone.")
		}
		// Unknown time: an hour later than noon always exists.
		in.Hour = 13
		u, overlap, _ = resolveLocal(loc, in.Year, in.Month, in.Day, in.Hour, 0, 0)
	}
	in.UTC = time.Unix(u, 0).UTC()
	t := time.Unix(u, 0).In(loc)
	in.ZoneAbbrev, in.ClockOffset = t.Zone()
	in.zoneFrom, in.zoneTo = math.MinInt64, math.MaxInt64
	if zs, ze := t.ZoneBounds(); !zs.IsZero() || !ze.IsZero() {
		if !zs.IsZero() {
			in.zoneFrom = zs.Unix()
		}
		if !ze.IsZero() {
			in.zoneTo = ze.Unix()
		}
	}
	in.StandardOffset = standardOffset(loc, u)
	return overlap, nil
}

// parseDate reads YYYY-MM-DD (month and day may have one digit).
func parseDate(s string) (y, m, d int, ok bool) {
	parts := strings.Split(s, "-")
	if len(parts) != 3 || len(parts[0]) != 4 {
		return 0, 0, 0, false
	}
	if y, ok = atoi(parts[0], 4); !ok {
		return
	}
	if m, ok = atoi(parts[1], 2); !ok {
		return
	}
	d, ok = atoi(parts[2], 2)
	return
}

// ValidClock reports whether s (trimmed) is a time Parse accepts: HH:MM or
// HH:MM:SS on the 24-hour clock.
func ValidClock(s string) bool {
	_, _, _, ok := parseClock(strings.TrimSpace(s))
	return ok
}

// parseClock reads HH:MM or HH:MM:SS.
func parseClock(s string) (h, m, sec int, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, false
	}
	if h, ok = atoi(parts[0], 2); !ok || h > 23 {
		return 0, 0, 0, false
	}
	if len(parts[1]) != 2 {
		return 0, 0, 0, false
	}
	if m, ok = atoi(parts[1], 2); !ok || m > 59 {
		return 0, 0, 0, false
	}
	if len(parts) == 3 {
		if len(parts[2]) != 2 {
			return 0, 0, 0, false
		}
		if sec, ok = atoi(parts[2], 2); !ok || sec > 59 {
			return 0, 0, 0, false
		}
	}
	return h, m, sec, true
}

// atoi reads 1..max ASCII digits.
func atoi(s string, max int) (int, bool) {
	if len(s) == 0 || len(s) > max {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// badTZ is made only when needed: LoadZone runs on every request.
func badTZ() *FieldError {
	return fieldErr("tz", "unknown_tz", `Unknown time zone: use an IANA name such as "Asia/Shanghai" or an offset such as "+08:00".`)
}

// LoadZone resolves a time zone as chart requests name it: an IANA zone
// name ("Asia/Shanghai") or a fixed offset ("+08:00", "-0530", "UTC",
// "UTC+8"). Zones loaded once are kept, so a page that needs a zone calls
// this rather than time.LoadLocation. A refusal names the field "tz".
func LoadZone(s string) (*time.Location, *FieldError) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fieldErr("tz", "required", `The time zone is required: an IANA name such as "Asia/Shanghai" or an offset such as "+08:00".`)
	}
	if len(s) > 64 {
		return nil, badTZ()
	}
	up := strings.ToUpper(s)
	switch up {
	case "UTC", "Z", "GMT", "UTC+0", "UTC-0", "+00:00", "-00:00":
		return time.UTC, nil
	}
	rest := s
	if strings.HasPrefix(up, "UTC") || strings.HasPrefix(up, "GMT") {
		rest = s[3:]
	}
	if len(rest) > 0 && (rest[0] == '+' || rest[0] == '-') {
		sign := 1
		if rest[0] == '-' {
			sign = -1
		}
		body := rest[1:]
		var hs, ms string
		if i := strings.IndexByte(body, ':'); i >= 0 {
			hs, ms = body[:i], body[i+1:]
			if len(ms) != 2 {
				return nil, badTZ()
			}
		} else if len(body) == 4 {
			hs, ms = body[:2], body[2:]
		} else {
			hs = body
		}
		h, ok := atoi(hs, 2)
		if !ok {
			return nil, badTZ()
		}
		m := 0
		if ms != "" {
			if m, ok = atoi(ms, 2); !ok {
				return nil, badTZ()
			}
		}
		if m > 59 || h*60+m > 14*60 {
			return nil, fieldErr("tz", "out_of_range", "A UTC offset must be between -14:00 and +14:00.")
		}
		off := sign * (h*3600 + m*60)
		return time.FixedZone(offsetName(off), off), nil
	}
	if s == "Local" || strings.Contains(s, "..") || strings.HasPrefix(s, "/") {
		return nil, badTZ()
	}
	if loc, ok := zoneCache.Load(s); ok {
		return loc.(*time.Location), nil
	}
	// s may borrow a request buffer that the server reuses (Fiber's strings
	// do): the cached key and the location's name must own their bytes.
	name := strings.Clone(s)
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, badTZ()
	}
	if zoneCached.Add(1) <= maxCachedZones {
		zoneCache.Store(name, loc)
	}
	return loc, nil
}

// zoneCache keeps the zones loaded so far: time.LoadLocation reads and
// parses the zone file on every call, which cost more than the whole chart.
// Only names that loaded are kept; there are about 600 real ones, and the
// cap stops spellings such as "Asia//Shanghai" from growing it for ever.
var (
	zoneCache  sync.Map // string → *time.Location
	zoneCached atomic.Int64
)

const maxCachedZones = 2048

// offsetName writes "UTC+08:00".
func offsetName(off int) string {
	b := []byte("UTC+")
	if off < 0 {
		b[3] = '-'
		off = -off
	}
	b = append2(b, off/3600)
	b = append(b, ':')
	b = append2(b, off/60%60)
	return string(b)
}

// resolveLocal finds the instant of a local wall reading in loc. In a DST
// overlap it returns the earlier instant and overlap = true; in a DST gap,
// gap = true.
func resolveLocal(loc *time.Location, y, mo, d, h, mi, s int) (u int64, overlap, gap bool) {
	w := daysFromCivil(y, mo, d)*secondsPerDay + int64(h*3600+mi*60+s)
	// Candidate offsets: those in force a day before and after, and the one
	// time.Date picks. An instant is valid if its offset maps it back to w.
	var cands [3]int
	cands[0], _ = offsetAt(loc, w-secondsPerDay)
	cands[1], _ = offsetAt(loc, w+secondsPerDay)
	_, cands[2] = time.Date(y, time.Month(mo), d, h, mi, s, 0, loc).Zone()
	found := 0
	var best int64
	for i, off := range cands {
		dup := false
		for j := 0; j < i; j++ {
			if cands[j] == off {
				dup = true
			}
		}
		if dup {
			continue
		}
		c := w - int64(off)
		if o, _ := offsetAt(loc, c); o != off {
			continue
		}
		if found == 0 || c < best {
			best = c
		}
		found++
	}
	if found == 0 {
		return 0, false, true
	}
	return best, found > 1, false
}
