package astroinput

import (
	"flag"

	"github.com/bazi-master/bazi-master/internal/chartinput"
)

// Flags registers the astrology request's command-line flags on fs: the
// chart's (chartinput.Flags) plus --houses and --day.
func Flags(fs *flag.FlagSet) func() Request {
	chart := chartinput.Flags(fs)
	var r Request
	fs.StringVar(&r.HouseSystem, "houses", "placidus", "house system: placidus, whole-sign or equal")
	fs.StringVar(&r.Day, "day", "", "also list the transits of this day (YYYY-MM-DD) to the chart")
	return func() Request {
		r.Request = chart()
		return r
	}
}

// FlagName maps a request field name (as in a *bazi.FieldError) to the
// flag that sets it.
func FlagName(field string) string {
	if field == "house_system" {
		return "--houses"
	}
	return chartinput.FlagName(field)
}
