package bazi

import "time"

// LuckOffset is the time from birth to the start of the luck pillars (起运),
// in life time (3 days before the 节 = 1 year of life).
type LuckOffset struct {
	Years   int `json:"years"`
	Months  int `json:"months"`
	Days    int `json:"days"`
	Hours   int `json:"hours"`
	Minutes int `json:"minutes"`
}

// LiuNian is one year (流年) with its age (虚岁, as lunar-go counts it) and
// the 小运 of that age when the hour is known. It holds no pointers (a
// chart has over a hundred of them) and marshals as
// {"year":2030,"age":9,"ganzhi":"庚戌","ten_god":{…},"xiao_yun":"丙子",
// "interactions":[…]} (see Interaction).
type LiuNian struct {
	Year       int16
	Age        int16
	GanZhi     GanZhi
	XiaoYun    GanZhi // valid when HasXiaoYun
	HasXiaoYun bool
	TenGod     TenGod // of the year's stem to the day master
	// Natal and the 大运 (Luck, when HasLuck: not in the childhood years)
	// are what the year's interactions are read against.
	Natal   Natal
	Luck    GanZhi
	HasLuck bool
}

// MarshalJSON writes the object described on LiuNian.
func (n LiuNian) MarshalJSON() ([]byte, error) { return appendLiuNian(make([]byte, 0, 160), &n), nil }

// LuckPillar is one 大运 of ten years. It holds no pointers and marshals as
// {"index":1,"ganzhi":"甲辰","stem":"甲","branch":"辰","ten_god":{…},
// "start_age":9,"end_age":18,"start_year":2030,"end_year":2039,
// "start_time":"2030-12-12T07:19:00","interactions":[…],"years":[…]}.
type LuckPillar struct {
	Index     int32 // 1..10
	StartAge  int32 // 虚岁
	EndAge    int32
	StartYear int32
	EndYear   int32
	GanZhi    GanZhi
	TenGod    TenGod // of the pillar's stem to the day master
	// StartTime is the local standard time the pillar begins.
	StartTime Wall
	Years     [10]LiuNian
	// Natal is what the pillar's interactions are read against.
	Natal Natal
}

// MarshalJSON writes the object described on LuckPillar.
func (p LuckPillar) MarshalJSON() ([]byte, error) {
	return appendLuckPillar(make([]byte, 0, 2048), &p), nil
}

// PreLuck is the childhood before the first 大运 (lunar-go's DaYun index 0).
type PreLuck struct {
	StartAge  int       `json:"start_age"`
	EndAge    int       `json:"end_age"`
	StartYear int       `json:"start_year"`
	EndYear   int       `json:"end_year"`
	Years     []LiuNian `json:"years"`
}

// CurrentLuck says which 大运 and 流年 are current at Now.
type CurrentLuck struct {
	Now time.Time `json:"now"`
	// DaYun is 0 before the first 大运, 1..10 for a pillar, -1 after the
	// tenth or before birth.
	DaYun  int    `json:"da_yun"`
	GanZhi string `json:"da_yun_ganzhi,omitempty"`
	// LiuNianYear is the ganzhi year at Now (it turns at 立春).
	LiuNianYear   int    `json:"liu_nian_year"`
	LiuNianGanZhi string `json:"liu_nian_ganzhi"`
	Age           int    `json:"age"`
}

// Luck is the 大运 section of a chart.
type Luck struct {
	Method    LuckMethod `json:"method"`
	Direction string     `json:"direction"` // "forward" or "backward"
	Forward   bool       `json:"-"`
	// GoverningJie is the 节 counted to: the next one going forward, the
	// previous one going backward.
	GoverningJie TermRef    `json:"governing_jie"`
	StartOffset  LuckOffset `json:"start_offset"`
	// StartTime (交运) is local standard time; StartUTC the same instant.
	StartTime Wall           `json:"start_time"`
	StartUTC  time.Time      `json:"start_utc"`
	PreLuck   PreLuck        `json:"pre_luck"`
	Pillars   [10]LuckPillar `json:"pillars"`
	Current   CurrentLuck    `json:"current"`

	preBuf [12]LiuNian // backs PreLuck.Years (a 节 is at most 31 days away: ≤ 11 years)
}

// luckArgs gathers what the luck computation needs from a chart.
type luckArgs struct {
	u       int64 // birth, Unix seconds
	wall    Wall  // birth on the local standard clock
	k       int   // table index of the 节 starting the birth month
	year    GanZhi
	month   GanZhi
	hour    GanZhi
	hasHour bool
	dm      Stem
	gender  Gender
	method  LuckMethod
	natal   Natal
	loc     wallZone
	now     time.Time
}

// wallZone converts instants to the wall clock a chart reads: a fixed
// offset (local standard time).
type wallZone struct{ off int64 }

func (z wallZone) wall(u int64) Wall { return Wall{Sec: u + z.off} }
func (z wallZone) unix(w Wall) int64 { return w.Sec - z.off }
func timeOf(u int64) time.Time       { return time.Unix(u, 0).UTC() }
func hourIndexLunarGo(w Wall) int    { h, _, _ := w.Clock(); return lunarGoZhiIndex(h) }
func lunarGoZhiIndex(h int) int {
	// lunar-go's Yun counts an hour of 23 as 亥-like 11 (not 子 = 0).
	if h == 23 {
		return 11
	}
	return (h + 1) / 2 % 12
}

// addYearsMonths moves a wall reading by whole years and months the way
// lunar-go's Solar.NextYear/NextMonth do: the day is clamped to the month.
func addYearsMonths(w Wall, years, months int) Wall {
	y, m, d := w.Date()
	h, mi, s := w.Clock()
	// Years first (29 February becomes the 28th), then months, each clamped.
	y += years
	if n := daysIn(y, m); d > n {
		d = n
	}
	t := y*12 + (m - 1) + months
	y, m = int(floorDiv(int64(t), 12)), mod(t, 12)+1
	if n := daysIn(y, m); d > n {
		d = n
	}
	return wallOf(y, m, d, h, mi, s)
}

// addCarry adds y/m/d/h/mi the way tyme4go's child-limit does: days, hours
// and minutes are summed onto the birth fields first, then carried across
// months of the target year/month.
func addCarry(w Wall, years, months, days, hours, minutes int) Wall {
	by, bm, bd := w.Date()
	bh, bmi, bs := w.Clock()
	d, h, mi := bd+days, bh+hours, bmi+minutes
	h += mi / 60
	mi %= 60
	d += h / 24
	h %= 24
	t := (by+years)*12 + (bm - 1) + months
	y, m := t/12, t%12+1
	for n := daysIn(y, m); d > n; n = daysIn(y, m) {
		d -= n
		m++
		if m > 12 {
			m, y = 1, y+1
		}
	}
	return wallOf(y, m, d, h, mi, bs)
}

// luckStart computes the offset and the start (交运) of the luck pillars.
func luckStart(a *luckArgs, forward bool) (off LuckOffset, start Wall, jie int) {
	if forward {
		jie = a.k + 2
	} else {
		jie = a.k
	}
	ju := termTable[jie]
	from, to := a.u, ju
	if !forward {
		from, to = ju, a.u
	}
	switch a.method {
	case LuckDays:
		// lunar-go Yun sect 1: calendar days and 时辰 on the wall clock.
		fw, tw := a.loc.wall(from), a.loc.wall(to)
		hourDiff := hourIndexLunarGo(tw) - hourIndexLunarGo(fw)
		dayDiff := int(tw.Days() - fw.Days())
		if hourDiff < 0 {
			hourDiff += 12
			dayDiff--
		}
		monthDiff := hourDiff * 10 / 30
		month := dayDiff*4 + monthDiff
		off.Days = hourDiff*10 - monthDiff*30
		off.Years = month / 12
		off.Months = month - off.Years*12
		start = addYearsMonths(a.wall, off.Years, off.Months).Add(int64(off.Days) * secondsPerDay)
	case LuckMinutes:
		// lunar-go Yun sect 2: whole minutes of the wall clocks.
		fw, tw := a.loc.wall(from), a.loc.wall(to)
		minutes := int(floorDiv(tw.Sec, 60) - floorDiv(fw.Sec, 60))
		off.Years = minutes / 4320
		minutes -= off.Years * 4320
		off.Months = minutes / 360
		minutes -= off.Months * 360
		off.Days = minutes / 12
		minutes -= off.Days * 12
		off.Hours = minutes * 2
		start = addYearsMonths(a.wall, off.Years, off.Months).Add(int64(off.Days)*secondsPerDay + int64(off.Hours)*3600)
	default:
		// Exact: 3 days = 1 year, so 1 day = 4 months, 6 h = 1 month,
		// 12 min = 1 day, 30 s = 1 hour, 1 s = 2 minutes.
		secs := int(to - from)
		off.Years = secs / 259200
		secs %= 259200
		off.Months = secs / 21600
		secs %= 21600
		off.Days = secs / 720
		secs %= 720
		off.Hours = secs / 30
		secs %= 30
		off.Minutes = secs * 2
		start = addCarry(a.wall, off.Years, off.Months, off.Days, off.Hours, off.Minutes)
	}
	return off, start, jie
}

func yearGanZhi(y int) GanZhi { return GanZhi(mod(y-4, NumGanZhi)) }

// tenGodByGanZhi[dm][g] is the ten god of pair g's stem to day master dm,
// so that the hundred-odd 流年 of a chart need no arithmetic per entry.
var tenGodByGanZhi = func() (t [NumStems][NumGanZhi]TenGod) {
	for dm := range t {
		for g := range t[dm] {
			t[dm][g] = TenGodOf(Stem(dm), GanZhi(g).Stem())
		}
	}
	return t
}()

// yearSeq generates consecutive 流年 entries.
type yearSeq struct {
	year, age, g, x, xStep int
	hasHour                bool
	tgs                    *[NumGanZhi]TenGod
	natal                  Natal
	luck                   GanZhi // the 大运 of the years filled next, when hasLuck
	hasLuck                bool
}

func (s *yearSeq) fill(dst []LiuNian) {
	year, age, g, x := int16(s.year), int16(s.age), s.g, s.x
	tgs, has := s.tgs, s.hasHour
	nat, luck, hasLuck := s.natal, s.luck, s.hasLuck
	for i := range dst {
		// Field by field: a struct literal is built on the stack bytewise
		// and reloaded wordwise, which stalls store forwarding.
		n := &dst[i]
		n.Year, n.Age = year, age
		n.GanZhi, n.XiaoYun, n.HasXiaoYun, n.TenGod = GanZhi(g), GanZhi(x), has, tgs[g]
		n.Natal, n.Luck, n.HasLuck = nat, luck, hasLuck
		year++
		age++
		if g++; g == NumGanZhi {
			g = 0
		}
		if x += s.xStep; x >= NumGanZhi {
			x -= NumGanZhi
		}
	}
	s.year, s.age, s.g, s.x = int(year), int(age), g, x
}

// computeLuck fills the luck section (lunar-go's Yun/DaYun/LiuNian/XiaoYun
// conventions: ages are 虚岁, a 大运 is labelled by the year it starts).
func computeLuck(a *luckArgs, l *Luck) {
	yang := a.year.Stem().Polarity() == Yang
	forward := yang == (a.gender == Male)
	l.Method = a.method
	l.Forward = forward
	if forward {
		l.Direction = "forward"
	} else {
		l.Direction = "backward"
	}
	off, start, _ := luckStart(a, forward)
	l.StartOffset = off
	l.StartTime = start
	l.StartUTC = timeOf(a.loc.unix(start))

	birthYear, _, _ := a.wall.Date()
	sy, sm, sd := start.Date()
	sh, smi, ss := start.Clock()
	startYear := sy

	// Every 流年 from the birth year on, in order: the childhood years,
	// then ten per 大运. Pairs advance by one per year; the 小运 moves with
	// the age in the luck direction.
	tgs := &tenGodByGanZhi[a.dm%NumStems]
	ys := yearSeq{year: birthYear, age: 1, g: int(yearGanZhi(birthYear)), xStep: 1, hasHour: a.hasHour, tgs: tgs, natal: a.natal}
	if !forward {
		ys.xStep = NumGanZhi - 1
	}
	ys.x = (int(a.hour) + ys.xStep) % NumGanZhi
	pre := &l.PreLuck
	pre.StartAge, pre.StartYear = 1, birthYear
	pre.EndYear, pre.EndAge = startYear-1, startYear-birthYear
	pre.Years = l.preBuf[:0]
	if n := startYear - birthYear; n > 0 && n <= len(l.preBuf) {
		pre.Years = l.preBuf[:n]
	} else if n > 0 {
		pre.Years = make([]LiuNian, n)
	}
	ys.fill(pre.Years)
	gz, gStep := int(a.month), 1
	if !forward {
		gStep = NumGanZhi - 1
	}
	for i := range l.Pillars {
		p := &l.Pillars[i]
		if gz += gStep; gz >= NumGanZhi {
			gz -= NumGanZhi
		}
		py := startYear + i*10
		p.Index = int32(i + 1)
		p.GanZhi = GanZhi(gz)
		p.TenGod = tgs[gz]
		p.StartYear = int32(py)
		p.StartAge = int32(py - birthYear + 1)
		p.EndYear, p.EndAge = p.StartYear+9, p.StartAge+9
		p.Natal = a.natal
		ys.luck, ys.hasLuck = p.GanZhi, true
		// lunar-go's NextYear: 29 February becomes the 28th.
		d := sd
		if sm == 2 && d == 29 && daysIn(py, 2) == 28 {
			d = 28
		}
		p.StartTime = wallOf(py, sm, d, sh, smi, ss)
		ys.fill(p.Years[:])
	}
	l.Current = currentLuck(a, l, birthYear)
}

// currentLuck finds the 大运 running at a.now (by instant) and the 流年
// (the ganzhi year, which turns at 立春).
func currentLuck(a *luckArgs, l *Luck, birthYear int) CurrentLuck {
	c := CurrentLuck{Now: a.now.UTC(), DaYun: -1}
	nu := a.now.Unix()
	if nu >= a.u {
		c.DaYun = 0
		for i := range l.Pillars {
			if nu >= a.loc.unix(l.Pillars[i].StartTime) {
				c.DaYun = i + 1
			}
		}
		if c.DaYun == 10 && nu >= a.loc.unix(addYearsMonths(l.Pillars[9].StartTime, 10, 0)) {
			c.DaYun = -1
		}
		if c.DaYun > 0 {
			c.GanZhi = l.Pillars[c.DaYun-1].GanZhi.String()
		}
	}
	if k := termAtOrBefore(nu, true); termIndexOK(k) {
		// The ganzhi year is labelled by the Gregorian year of its 立春.
		c.LiuNianYear = int(floorDiv(int64(tableFirstYear*12+k/2-1), 12))
	} else {
		y, _, _ := a.loc.wall(nu).Date()
		c.LiuNianYear = y
	}
	c.LiuNianGanZhi = yearGanZhi(c.LiuNianYear).String()
	c.Age = c.LiuNianYear - birthYear + 1
	return c
}

// LiuYueMonth is one month of a 流年 (流月).
type LiuYueMonth struct {
	Index  int       `json:"index"` // 0 = 寅 month (from 立春) … 11 = 丑 month
	GanZhi string    `json:"ganzhi"`
	Jie    string    `json:"jie"`   // the 节 that starts it
	Start  time.Time `json:"start"` // UTC instant of that 节
	End    time.Time `json:"end"`   // UTC instant of the next 节
}

// LiuYue returns the 12 months of ganzhi year `year` (立春 of year to 立春
// of year+1); ok is false outside 1799–2200.
func LiuYue(year int) (months [12]LiuYueMonth, ok bool) {
	if year < tableFirstYear || year >= tableLastYear {
		return months, false
	}
	base := (year-tableFirstYear)*NumSolarTerms + 2 // 立春
	for i := range months {
		k := base + 2*i
		_, mg, _, _ := yearMonthAt(termTable[k])
		months[i] = LiuYueMonth{Index: i, GanZhi: mg.String(), Jie: SolarTerm(k % NumSolarTerms).String(),
			Start: timeOf(termTable[k]), End: timeOf(termTable[k+2])}
	}
	return months, true
}
