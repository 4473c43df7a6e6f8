package bazi

import "time"

// The almanac: the pillars of a moment on a civil clock, and the days of a
// month with their pillars and solar terms, read as a chart born then
// would read them (standard time, the default 子 rule: the day changes at
// 23:00).

// clockInput is the input Request.Parse makes for a chart born at a wall
// reading on loc's clock, with the default options; hasTime false is a
// date alone (read at noon).
func clockInput(loc *time.Location, y, mo, d, h, mi, s int, hasTime bool) (Input, error) {
	in := Input{Year: y, Month: mo, Day: d, Location: loc, Gender: Male, ZiRule: ZiNextDay, LuckMethod: LuckExact}
	switch {
	case loc == nil:
		return in, fieldErr("tz", "required", "The time zone is required.")
	case y < MinYear || y > MaxYear:
		return in, fieldErr("date", "out_of_range", "Supported birth years are 1800 to 2200.")
	case mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo):
		return in, fieldErr("date", "invalid_date", "That day does not exist in that month.")
	}
	if hasTime {
		if h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 {
			return in, fieldErr("time", "invalid_time", "The time must be between 00:00:00 and 23:59:59.")
		}
		in.Hour, in.Minute, in.Second, in.HasTime = h, mi, s, true
	} else {
		in.Hour = 12
	}
	if _, ferr := in.setInstant(); ferr != nil {
		return in, ferr
	}
	return in, nil
}

// clockPillars is clockInput's pillars and instant.
func clockPillars(loc *time.Location, y, mo, d, h, mi, s int, hasTime bool) (Pillars, time.Time, error) {
	in, err := clockInput(loc, y, mo, d, h, mi, s, hasTime)
	if err != nil {
		return Pillars{}, time.Time{}, err
	}
	p, err := PillarsOf(in)
	return p, in.UTC, err
}

// PillarsAt returns the four pillars of t's wall reading (its date and
// time on t.Location()'s clock) as a chart born then has them, and the
// instant they were read at (the earlier one where the clock showed the
// reading twice). Outside MinYear–MaxYear it is a *FieldError.
func PillarsAt(t time.Time) (Pillars, time.Time, error) {
	h, mi, s := t.Clock()
	return clockPillars(t.Location(), t.Year(), int(t.Month()), t.Day(), h, mi, s, true)
}

// MonthDay is one day of a Gregorian month as a calendar shows it.
type MonthDay struct {
	Day int
	// Pillar is the day pillar, as a chart born that day with no time has it.
	Pillar GanZhi
	// MonthPillar is the month pillar that starts on this day, when
	// NewMonth: on the 1st the one in force at midnight, on the day of a 节
	// the one the 节 begins.
	MonthPillar GanZhi
	NewMonth    bool
	// Terms are the solar terms whose date on the calendar's clock is this
	// day, in order.
	Terms []TermInstant
}

// MonthDays returns the days of month (1–12) of year on loc's clock, from
// the 1st. A year outside MinYear–MaxYear, or a month outside 1–12, is a
// *FieldError.
func MonthDays(loc *time.Location, year, month int) ([]MonthDay, error) {
	if month < 1 || month > 12 {
		return nil, fieldErr("date", "invalid_date", "The month must be between 01 and 12.")
	}
	if year < MinYear || year > MaxYear {
		return nil, fieldErr("date", "out_of_range", "Supported birth years are 1800 to 2200.")
	}
	n := daysIn(year, month)
	days := make([]MonthDay, 0, n)
	terms, _ := TermsOfYear(year)
	for d := 1; d <= n; d++ {
		p, _, err := clockPillars(loc, year, month, d, 0, 0, 0, false)
		if err != nil {
			return nil, err
		}
		day := MonthDay{Day: d, Pillar: p.Day}
		if d == 1 {
			mp, _, err := clockPillars(loc, year, month, 1, 0, 0, 0, true)
			if err != nil {
				return nil, err
			}
			day.MonthPillar, day.NewMonth = mp.Month, true
		}
		for _, t := range terms {
			lt := t.Time.In(loc)
			if lt.Year() != year || int(lt.Month()) != month || lt.Day() != d {
				continue
			}
			day.Terms = append(day.Terms, t)
			if t.Term.IsJie() {
				// The month pillar changes at the 节's instant: read it at
				// the next whole minute on the clock.
				after := lt.Add(time.Minute)
				mp, _, err := clockPillars(loc, after.Year(), int(after.Month()), after.Day(), after.Hour(), after.Minute(), 0, true)
				if err == nil {
					day.MonthPillar, day.NewMonth = mp.Month, true
				}
			}
		}
		days = append(days, day)
	}
	return days, nil
}
