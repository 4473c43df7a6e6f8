package chartinput

import (
	"errors"
	"flag"
	"strconv"
	"strings"
)

// Flags registers the chart request's command-line flags on fs, with the
// JSON names spelled as flags (--leap-month, --zi-rule, --liu-yue). The
// returned function gives the request once fs has parsed.
func Flags(fs *flag.FlagSet) func() Request {
	var r Request
	var lon, lat optionalFloat
	fs.StringVar(&r.Date, "date", "", "birth date, YYYY-MM-DD (required)")
	fs.StringVar(&r.Time, "time", "", "birth time, HH:MM or HH:MM:SS; omit when unknown")
	fs.StringVar(&r.Calendar, "calendar", "solar", "solar or lunar")
	fs.BoolVar(&r.LeapMonth, "leap-month", false, "the lunar date is in a leap month")
	fs.StringVar(&r.TZ, "tz", "", "IANA time zone (Asia/Shanghai) or UTC offset (+08:00)")
	fs.Var(&lon, "lon", "birthplace longitude, degrees east")
	fs.Var(&lat, "lat", "birthplace latitude, degrees north")
	fs.StringVar(&r.Place, "place", "", "birthplace name; fills tz, lon and lat when they are not given")
	fs.StringVar(&r.Gender, "gender", "", "male or female (required)")
	fs.BoolVar(&r.TrueSolarTime, "true-solar-time", false, "day and hour pillars from true solar time (needs a longitude)")
	fs.StringVar(&r.ZiRule, "zi-rule", "next-day", "next-day or split (早晚子时)")
	fs.StringVar(&r.LuckMethod, "luck-method", "exact", "exact, days or minutes")
	fs.IntVar(&r.LiuYueYear, "liu-yue", 0, "also list the monthly pillars (流月) of this year")
	return func() Request {
		r.Lon, r.Lat = lon.v, lat.v
		return r
	}
}

// FlagName maps a request field name (as in a *bazi.FieldError) to the
// flag that sets it.
func FlagName(field string) string {
	switch field {
	case "liu_yue_year":
		return "--liu-yue"
	case "":
		return "input"
	}
	return "--" + strings.ReplaceAll(field, "_", "-")
}

// optionalFloat is a flag that remembers whether it was given, since 0 is a
// real longitude.
type optionalFloat struct{ v *float64 }

func (o *optionalFloat) String() string { return FormatCoord(o.v) }

func (o *optionalFloat) Set(s string) error {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return errors.New("must be a number")
	}
	o.v = &f
	return nil
}
