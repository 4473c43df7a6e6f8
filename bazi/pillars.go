package bazi

// Pillars are the four pillars of a chart; Hour is meaningless when !HasHour.
type Pillars struct {
	Year, Month, Day, Hour GanZhi
	HasHour                bool
}

// ZiRule says how the 子 hour (23:00–01:00) splits the day.
type ZiRule uint8

const (
	// ZiNextDay: the day pillar changes at 23:00 (lunar-go sect 1).
	ZiNextDay ZiRule = iota
	// ZiSplit (早晚子时): 23:00–24:00 keeps the day pillar, the hour takes
	// the next day's 子-hour stem (lunar-go sect 2).
	ZiSplit
)

// String returns "next-day" or "split".
func (z ZiRule) String() string {
	if z == ZiSplit {
		return "split"
	}
	return "next-day"
}

// MarshalText writes the String form.
func (z ZiRule) MarshalText() ([]byte, error) { return []byte(z.String()), nil }

func mod(a, n int) int {
	a %= n
	if a < 0 {
		a += n
	}
	return a
}

// unixEpochDayGanZhi is the day pillar of 1970-01-01 (辛巳): the day cycle
// is (Julian day number − 11) mod 60 and that day is JDN 2440588.
const unixEpochDayGanZhi = 17

// yearMonthAt returns the year and month pillars at Unix second u and the
// table index k of the 节 that starts the month (the last 节 <= u). Both
// pillars change at the exact instants of the 节, compared in UTC.
func yearMonthAt(u int64) (year, month GanZhi, k int, ok bool) {
	k = termAtOrBefore(u, true)
	if k < 0 || k+2 >= termCount {
		return 0, 0, -1, false
	}
	// J counts 节 from 小寒 of year 0: J = 12*Y + p (p = 0 for 小寒, 1 for
	// 立春 …). The month cycle is continuous: 立春 1984 (J = 23809) starts
	// 丙寅 (2). The ganzhi year starts at 立春 (p = 1).
	J := tableFirstYear*12 + k/2
	month = GanZhi(mod(J+13, NumGanZhi))
	yg := int(floorDiv(int64(J-1), 12))
	year = GanZhi(mod(yg-4, NumGanZhi))
	return year, month, k, true
}

// dayHourAt returns the day and hour pillars for a local wall reading.
func dayHourAt(w Wall, hasHour bool, zi ZiRule) (day, hour GanZhi) {
	days := w.Days()
	d := int(mod(int(days%NumGanZhi)+unixEpochDayGanZhi, NumGanZhi))
	if !hasHour {
		return GanZhi(d), 0
	}
	h, _, _ := w.Clock()
	late := h == 23
	if late && zi == ZiNextDay {
		day = GanZhi((d + 1) % NumGanZhi)
	} else {
		day = GanZhi(d)
	}
	// The hour stem follows the day whose 子 hour this is: for 23:00 that is
	// the next day under both rules (五鼠遁).
	ds := Stem(d % NumStems)
	if late {
		ds = (ds + 1) % NumStems
	}
	br := Branch((h + 1) / 2 % NumBranches)
	st := Stem((int(ds)%5*2 + int(br)) % NumStems)
	hour, _ = NewGanZhi(st, br)
	return day, hour
}
