package bazi

import "strconv"

const lunarMonthCount = len(lunarMonthCode)

func lunarCodeYear(c uint16) int  { return tableFirstYear + int(c>>5) }
func lunarCodeMonth(c uint16) int { return int(c & 15) }
func lunarCodeLeap(c uint16) bool { return c&16 != 0 }

// lunarYearStart returns the index of the first month of lunar year y, or -1.
func lunarYearStart(y int) int {
	if y < tableFirstYear || y > tableLastYear {
		return -1
	}
	lo, hi := 0, lunarMonthCount
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if lunarCodeYear(lunarMonthCode[m]) < y {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// LunarLeapMonth returns the leap month (1–12) of lunar year y, or 0.
func LunarLeapMonth(y int) int {
	i := lunarYearStart(y)
	if i < 0 {
		return 0
	}
	for ; i < lunarMonthCount && lunarCodeYear(lunarMonthCode[i]) == y; i++ {
		if lunarCodeLeap(lunarMonthCode[i]) {
			return lunarCodeMonth(lunarMonthCode[i])
		}
	}
	return 0
}

// lunarToSolar converts a lunar date to a Gregorian date.
func lunarToSolar(ld LunarDate) (y, m, d int, err *FieldError) {
	i := lunarYearStart(ld.Year)
	if i < 0 || ld.Year < MinYear || ld.Year > MaxYear {
		return 0, 0, 0, fieldErr("date", "out_of_range", "Supported lunar years are 1800 to 2200.")
	}
	for ; i < lunarMonthCount && lunarCodeYear(lunarMonthCode[i]) == ld.Year; i++ {
		c := lunarMonthCode[i]
		if lunarCodeMonth(c) != ld.Month || lunarCodeLeap(c) != ld.Leap {
			continue
		}
		n := int(lunarMonthStart[i+1] - lunarMonthStart[i])
		if ld.Day > n {
			return 0, 0, 0, fieldErr("date", "invalid_date", "That lunar month has only "+strconv.Itoa(n)+" days.")
		}
		y, m, d = civilFromDays(int64(lunarMonthStart[i]) + int64(ld.Day-1))
		return y, m, d, nil
	}
	if ld.Leap {
		msg := "Lunar year " + strconv.Itoa(ld.Year) + " has no leap month " + strconv.Itoa(ld.Month) + "."
		if lm := LunarLeapMonth(ld.Year); lm > 0 {
			msg += " Its leap month is month " + strconv.Itoa(lm) + "."
		} else {
			msg += " It has no leap month."
		}
		return 0, 0, 0, fieldErr("leap_month", "lunar_leap_month_missing", msg)
	}
	return 0, 0, 0, fieldErr("date", "invalid_date", "That lunar month does not exist.")
}

// LunarToSolar converts a Chinese lunar date to the Gregorian date of the
// same day. The error is a *FieldError (nonexistent leap month, day 30 in a
// 29-day month, year outside 1800–2200).
func LunarToSolar(ld LunarDate) (year, month, day int, err error) {
	y, m, d, ferr := lunarToSolar(ld)
	if ferr != nil {
		return 0, 0, 0, ferr
	}
	return y, m, d, nil
}

// SolarToLunar converts a Gregorian date to the lunar date; ok is false
// outside the table.
func SolarToLunar(year, month, day int) (LunarDate, bool) {
	return lunarOfDays(daysFromCivil(year, month, day))
}

func lunarOfDays(days int64) (LunarDate, bool) {
	if days < int64(lunarMonthStart[0]) || days >= int64(lunarMonthStart[lunarMonthCount]) {
		return LunarDate{}, false
	}
	// Last month starting on or before the day: guess from the mean
	// synodic month (29.53 days), then step; the guess is off by at most one.
	i := int((days - int64(lunarMonthStart[0])) * 1000 / 29531)
	if i >= lunarMonthCount {
		i = lunarMonthCount - 1
	}
	for i > 0 && int64(lunarMonthStart[i]) > days {
		i--
	}
	for int64(lunarMonthStart[i+1]) <= days {
		i++
	}
	c := lunarMonthCode[i]
	return LunarDate{Year: lunarCodeYear(c), Month: lunarCodeMonth(c), Leap: lunarCodeLeap(c),
		Day: int(days-int64(lunarMonthStart[i])) + 1}, true
}

var lunarMonthNames = [13]string{"", "正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊"}
var lunarDayNames = [31]string{"", "初一", "初二", "初三", "初四", "初五", "初六", "初七", "初八", "初九", "初十",
	"十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
	"廿一", "廿二", "廿三", "廿四", "廿五", "廿六", "廿七", "廿八", "廿九", "三十"}

// lunarDateNames[leap][month][day] are precomputed so that charts do not
// build strings.
var lunarDateNames = func() (t [2][13][31]string) {
	for leap := 0; leap < 2; leap++ {
		for m := 1; m <= 12; m++ {
			for d := 1; d <= 30; d++ {
				s := lunarMonthNames[m] + "月" + lunarDayNames[d]
				if leap == 1 {
					s = "闰" + s
				}
				t[leap][m][d] = s
			}
		}
	}
	return t
}()

// String returns the date in Chinese, e.g. "闰四月初一" (year omitted).
func (ld LunarDate) String() string {
	if ld.Month < 1 || ld.Month > 12 || ld.Day < 1 || ld.Day > 30 {
		return ""
	}
	leap := 0
	if ld.Leap {
		leap = 1
	}
	return lunarDateNames[leap][ld.Month][ld.Day]
}
