package bazi

// 流日 and 流时: the days of a 流月 and the twelve 时辰 of a day, for
// drilling down from a month of the luck timeline.

// LiuRiDay is one day (流日) of a 流月: its civil date on the chart's
// clock and its day pillar.
type LiuRiDay struct {
	Year, Month, Day int
	GanZhi           GanZhi
}

// DayGanZhi is the day pillar of a civil date (the day cycle is counted
// from midnight to midnight; the 子 hour convention does not enter).
func DayGanZhi(y, m, d int) GanZhi {
	return GanZhi(mod(int(daysFromCivil(y, m, d)%NumGanZhi)+unixEpochDayGanZhi, NumGanZhi))
}

// LiuRi returns the days of month idx (0 = 寅 month from 立春 … 11 = 丑
// month) of ganzhi year `year`, read on a clock offsetSec east of UTC.
// A 流月 runs from its 节 to the next; its days are the dates from the one
// its 节 falls on to the day before the date of the next 节, so each date
// belongs to exactly one month: the one that starts on it or was running
// when it began. ok is false outside MinYear–MaxYear or for a bad idx.
func LiuRi(year, idx int, offsetSec int) (days []LiuRiDay, ok bool) {
	if year < MinYear || year > MaxYear || idx < 0 || idx > 11 {
		return nil, false
	}
	k := (year-tableFirstYear)*NumSolarTerms + 2 + 2*idx
	if k < 0 || k+2 >= termCount {
		return nil, false
	}
	off := int64(offsetSec)
	from := Wall{Sec: termTable[k] + off}.Days()
	to := Wall{Sec: termTable[k+2] + off}.Days()
	days = make([]LiuRiDay, 0, to-from)
	for d := from; d < to; d++ {
		y, m, dd := civilFromDays(d)
		days = append(days, LiuRiDay{Year: y, Month: m, Day: dd, GanZhi: GanZhi(mod(int(d%NumGanZhi)+unixEpochDayGanZhi, NumGanZhi))})
	}
	return days, true
}

// LiuShi returns the twelve 时辰 (子 … 亥) of day pillar day, their stems
// by 五鼠遁 from the day's stem. The 子 hour is the day's early 子
// (00:00–00:59, with the 23:00 hour of the evening before), as the
// almanac lists it.
func LiuShi(day GanZhi) (hours [12]GanZhi) {
	ds := int(day.Stem())
	for br := range hours {
		hours[br], _ = NewGanZhi(Stem((ds%5*2+br)%NumStems), Branch(br))
	}
	return hours
}
