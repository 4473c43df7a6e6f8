package almanac

import (
	"strconv"
	"strings"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
)

// DefaultZone is the clock "today" is read on when no zone is given: the
// almanac's own (lunar-go reads dates as Beijing dates).
const DefaultZone = "Asia/Shanghai"

// QueryError is a refused query parameter: the field, a stable code and a
// message for API clients.
type QueryError struct{ Field, Code, Message string }

func (e *QueryError) Error() string { return e.Field + ": " + e.Message }

// ParseQuery reads the API's ?date= (YYYY-MM-DD, or "today") and ?tz= (an
// IANA name or an offset, optional). A date's almanac does not depend on
// the zone: tz only says which date "today" is at now.
func ParseQuery(date, tz string, now time.Time) (Date, *QueryError) {
	var loc *time.Location
	if tz = strings.TrimSpace(tz); tz != "" {
		l, ferr := bazi.LoadZone(tz)
		if ferr != nil {
			return Date{}, &QueryError{"tz", "invalid_tz", `The time zone must be an IANA name such as "Asia/Shanghai" or an offset such as "+08:00".`}
		}
		loc = l
	}
	switch date = strings.TrimSpace(date); date {
	case "":
		return Date{}, &QueryError{"date", "required", "Give the date as YYYY-MM-DD, such as 2024-02-10, or today."}
	case "today":
		if loc == nil {
			loc, _ = bazi.LoadZone(DefaultZone)
		}
		d := DateOf(now.In(loc))
		if err := d.Valid(); err != nil {
			return Date{}, &QueryError{"date", "out_of_range", err.Error()}
		}
		return d, nil
	}
	d, err := ParseDate(date)
	if err != nil {
		return Date{}, &QueryError{"date", "invalid_date", "The date must be a real day written YYYY-MM-DD between " +
			strconv.Itoa(MinYear) + " and " + strconv.Itoa(MaxYear) + ": " + err.Error() + "."}
	}
	return d, nil
}
