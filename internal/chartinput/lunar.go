package chartinput

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
)

// The birth form asks for a lunar date with three selects, because a
// Gregorian date picker cannot hold 二月三十 or 闰四月: lunar_year
// (1800–2200), lunar_month ("1"–"12", or "L1"–"L12" for a leap month) and
// lunar_day (1–30). They are read when the calendar is lunar and become the
// canonical date (YYYY-MM-DD plus leap_month), so chart URLs are unchanged;
// whether the day exists in that year is the engine's call.

// LunarFields are the three lunar selects, as their values are sent.
type LunarFields struct {
	Year, Month, Day string
}

// Given reports whether any of the selects was chosen.
func (f LunarFields) Given() bool { return f.Year != "" || f.Month != "" || f.Day != "" }

// LunarFieldsOf reads the lunar selects (trimmed).
func LunarFieldsOf(args func(string) string) LunarFields {
	get := func(k string) string { return strings.TrimSpace(args(k)) }
	return LunarFields{Year: get("lunar_year"), Month: get("lunar_month"), Day: get("lunar_day")}
}

// LunarMonthValue is the lunar_month value of a month (1–12), leap or not.
func LunarMonthValue(month int, leap bool) string {
	if leap {
		return "L" + strconv.Itoa(month)
	}
	return strconv.Itoa(month)
}

// canonicalDate is the date and leap flag the selects stand for. A select
// left empty or holding a value the form never offers is refused on the
// date field.
func (f LunarFields) canonicalDate() (date string, leap bool, err *bazi.FieldError) {
	if f.Year == "" || f.Month == "" || f.Day == "" {
		return "", false, &bazi.FieldError{Field: "date", Code: "lunar_incomplete", Message: "Choose the lunar year, month and day."}
	}
	m := f.Month
	if rest, ok := strings.CutPrefix(m, "L"); ok {
		leap, m = true, rest
	}
	y, ey := strconv.Atoi(f.Year)
	mo, em := strconv.Atoi(m)
	d, ed := strconv.Atoi(f.Day)
	if ey != nil || em != nil || ed != nil || len(f.Year) > 4 || mo < 1 || mo > 12 || d < 1 || d > 30 {
		return "", false, &bazi.FieldError{Field: "date", Code: "lunar_incomplete", Message: "Choose the lunar year, month and day."}
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, mo, d), leap, nil
}

// FormDates are a request's date as the form shows it in both widgets: the
// Gregorian date input and the lunar selects. The calendar not chosen gets
// the same day converted, so switching calendars keeps the date; a date
// that does not convert leaves the other widget empty.
func FormDates(r Request) (solar string, lunar LunarFields) {
	date := strings.TrimSpace(r.Date)
	y, m, d, ok := splitDate(date)
	if spelled(r.Request).Calendar != "lunar" {
		solar = date
		if ok {
			if ld, found := bazi.SolarToLunar(y, m, d); found {
				lunar = LunarFields{strconv.Itoa(ld.Year), LunarMonthValue(ld.Month, ld.Leap), strconv.Itoa(ld.Day)}
			}
		}
		return solar, lunar
	}
	if !ok {
		return "", lunar
	}
	lunar = LunarFields{strconv.Itoa(y), LunarMonthValue(m, r.LeapMonth), strconv.Itoa(d)}
	if sy, sm, sd, err := bazi.LunarToSolar(bazi.LunarDate{Year: y, Month: m, Day: d, Leap: r.LeapMonth}); err == nil {
		solar = fmt.Sprintf("%04d-%02d-%02d", sy, sm, sd)
	}
	return solar, lunar
}

// splitDate reads YYYY-MM-DD loosely (for showing, not validating).
func splitDate(s string) (y, m, d int, ok bool) {
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	var err [3]error
	y, err[0] = strconv.Atoi(parts[0])
	m, err[1] = strconv.Atoi(parts[1])
	d, err[2] = strconv.Atoi(parts[2])
	return y, m, d, err[0] == nil && err[1] == nil && err[2] == nil && m >= 1 && m <= 12 && d >= 1 && d <= 31
}

// lunarShortMonth names the engine's refusal of day 30 in a 29-day lunar
// month by its own code, so people are told that the month is short that
// year rather than that the date is badly written.
func lunarShortMonth(r bazi.Request, err error) error {
	fe, ok := err.(*bazi.FieldError)
	if !ok || fe.Field != "date" || fe.Code != "invalid_date" || spelled(r).Calendar != "lunar" {
		return err
	}
	if _, _, d, ok := splitDate(strings.TrimSpace(r.Date)); !ok || d != 30 {
		return err
	}
	return &bazi.FieldError{Field: "date", Code: "lunar_short_month", Message: fe.Message}
}
