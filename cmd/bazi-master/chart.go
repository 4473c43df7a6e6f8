package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/chartinput"
)

// optionalFloat is a flag that remembers whether it was given, since 0 is a
// real longitude.
type optionalFloat struct{ v *float64 }

func (o *optionalFloat) String() string {
	if o.v == nil {
		return ""
	}
	return strconv.FormatFloat(*o.v, 'f', -1, 64)
}

func (o *optionalFloat) Set(s string) error {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return errors.New("must be a number")
	}
	o.v = &f
	return nil
}

// chart prints the chart document for the flags, the same JSON as
// POST /api/v1/chart. Bad input exits 2 with the message on stderr.
func chart(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var r chartinput.Request
	var lon, lat optionalFloat
	var nowFlag string
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
	fs.StringVar(&nowFlag, "now", "", "RFC 3339 instant that decides the current luck pillar (default: now)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "bazi-master chart: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	r.Lon, r.Lat = lon.v, lat.v
	now := time.Now()
	if nowFlag != "" {
		t, err := time.Parse(time.RFC3339, nowFlag)
		if err != nil {
			fmt.Fprintln(stderr, "bazi-master chart: now: must be an RFC 3339 time such as 2026-01-01T00:00:00Z")
			return exitUsage
		}
		now = t
	}
	doc, err := handlers.BuildChart(r, now)
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			fmt.Fprintf(stderr, "bazi-master chart: %s: %s\n", flagName(fe.Field), fe.Message)
			return exitUsage
		}
		fmt.Fprintf(stderr, "bazi-master chart: %v\n", err)
		return exitFailure
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		fmt.Fprintf(stderr, "bazi-master chart: %v\n", err)
		return exitFailure
	}
	return 0
}

// flagName maps an API field name to the flag that sets it.
func flagName(field string) string {
	switch field {
	case "leap_month", "true_solar_time", "zi_rule", "luck_method", "liu_yue_year":
		if field == "liu_yue_year" {
			return "--liu-yue"
		}
		return "--" + strings.ReplaceAll(field, "_", "-")
	case "":
		return "input"
	}
	return "--" + field
}
