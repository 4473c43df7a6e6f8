package ziweiinput

import (
	"flag"

	"github.com/bazi-master/bazi-master/internal/chartinput"
)

// Flags registers the board request's command-line flags on fs: the
// chart's (chartinput.Flags) plus --year, --leap-rule and --late-zi.
func Flags(fs *flag.FlagSet) func() Request {
	chart := chartinput.Flags(fs)
	var r Request
	fs.IntVar(&r.Year, "year", 0, "the year of the 大限/流年 overlay (default: this year)")
	fs.StringVar(&r.LeapRule, "leap-rule", "fix", "a leap month's second half counts as the next month (fix) or the whole month as the month it repeats (whole)")
	fs.StringVar(&r.LateZi, "late-zi", "late", "23:00–23:59 is the late 子 of that day (late), early 子 of the next day (next-day) or of the same day (same-day)")
	return func() Request {
		r.Request = chart()
		return r
	}
}

// FlagName maps a request field name (as in a *bazi.FieldError) to the
// flag that sets it.
func FlagName(field string) string { return chartinput.FlagName(field) }
