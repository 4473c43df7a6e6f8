// Package almanac is the traditional Chinese almanac (黄历) of a civil
// date: the lunar date, the day's 干支, 宜 and 忌, the twelve officers
// (建除), the clash (冲煞), the day's deity (值神, 黄道 or 黑道), the lunar
// mansion (二十八宿), 彭祖百忌, the directions of the lucky spirits and the
// luck of the twelve double hours.
//
// Every fact comes from lunar-go (github.com/6tail/lunar-go), the library
// the app's calendar is checked against: the almanac's rules are tables
// (宜忌 by month and day 干支, the officers by month branch …) that an
// almanac publisher copies, not derives, so this package reads them from
// the library instead of typing them again. It only shapes them.
package almanac

import (
	"container/list"
	"strconv"
	"sync"
	"time"

	"github.com/6tail/lunar-go/calendar"
)

// MinYear and MaxYear bound the dates the almanac answers for: the range
// of the app's charts and calendar.
const (
	MinYear = 1800
	MaxYear = 2200
)

// Date is a civil (Gregorian) date.
type Date struct{ Year, Month, Day int }

// String is the date as YYYY-MM-DD.
func (d Date) String() string {
	return pad(d.Year, 4) + "-" + pad(d.Month, 2) + "-" + pad(d.Day, 2)
}

// Time is noon of the date on loc's clock (noon: a date's one instant
// that is never skipped by a clock change).
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, time.Month(d.Month), d.Day, 12, 0, 0, 0, loc)
}

// DateOf is t's date on its own clock: where the user stands decides
// which day "today" is.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, int(m), d}
}

func pad(n, w int) string {
	s := strconv.Itoa(n)
	for len(s) < w {
		s = "0" + s
	}
	return s
}

// LunarDate is a date of the Chinese lunisolar calendar.
type LunarDate struct {
	Year  int // the Gregorian year the lunar year mostly falls in
	Month int // 1–12
	Leap  bool
	Day   int // 1–30
	// MonthName is "正月", "闰二月" …; DayName "初一" … "三十".
	MonthName, DayName string
}

// String is the month and day as almanacs print them: "正月初一",
// "闰四月初一".
func (l LunarDate) String() string { return l.MonthName + l.DayName }

// Clash is the day's 冲煞: the animal (and its pillar) the day's branch
// clashes with, and the direction of the day's 煞.
type Clash struct {
	Animal string // 生肖 of the clashed branch: "鼠"
	GanZhi string // the clashed pillar: "甲子"
	Sha    string // "北", "南", "东" or "西"
}

// String is the clash as almanacs print it: "冲鼠(甲子)煞北".
func (c Clash) String() string { return "冲" + c.Animal + "(" + c.GanZhi + ")煞" + c.Sha }

// Deity is the day's or an hour's 值神 (one of twelve) and whether it
// makes the time 黄道 (lucky) or 黑道 (unlucky).
type Deity struct {
	Name string // "青龙" …
	Path string // "黄道" or "黑道"
	Luck string // "吉" or "凶"
}

// String is "青龙(黄道)".
func (d Deity) String() string { return d.Name + "(" + d.Path + ")" }

// Mansion is the day's lunar mansion (宿) of the 28, with its element,
// animal and luck.
type Mansion struct {
	Name    string // "角"
	Element string // 七曜 of the mansion: "木"
	Animal  string // "蛟"
	Luck    string // "吉" or "凶"
}

// String is "角木蛟(吉)".
func (m Mansion) String() string { return m.FullName() + "(" + m.Luck + ")" }

// FullName is the mansion with its element and animal: "角木蛟".
func (m Mansion) FullName() string { return m.Name + m.Element + m.Animal }

// Direction is a spirit's direction: the trigram and the compass point
// it stands for.
type Direction struct {
	Trigram string // "艮"
	Desc    string // "东北"
}

// Directions are the day's 吉神方位.
type Directions struct {
	Joy, Fortune, Wealth Direction // 喜神, 福神, 财神
	YangNoble, YinNoble  Direction // 阳贵神, 阴贵神
}

// Hour is one double hour (时辰) of the day.
type Hour struct {
	Branch string // "子" …
	GanZhi string // the hour's pillar
	// Start and End are the hour's clock range ("01:00", "02:59"); 子
	// is the early 子 hour, 00:00–00:59, as lunar-go counts the day.
	Start, End string
	Deity      Deity
	Clash      Clash
	Yi, Ji     []string
}

// Lucky reports whether the hour is a 吉时 (its deity is 黄道).
func (h Hour) Lucky() bool { return h.Deity.Luck == "吉" }

// Day is the almanac of one civil date.
type Day struct {
	Date  Date
	Lunar LunarDate
	// YearGanZhi, MonthGanZhi and DayGanZhi are the pillars almanacs print:
	// the year changes at 立春 and the month at its 节 (lunar-go's "exact"
	// pillars), read for the day as a whole.
	YearGanZhi, MonthGanZhi, DayGanZhi string
	Zodiac                             string // 生肖 of the (立春) year
	// SolarTerm is the 节气 falling on this date (Beijing time), or "".
	SolarTerm  string
	Yi, Ji     []string
	Officer    string // 建除十二值星: "建" … "闭"
	Clash      Clash
	Deity      Deity
	Mansion    Mansion
	PengZu     [2]string // the taboos of the day's stem and branch
	Directions Directions
	Hours      [12]Hour
}

// GanZhi is the three pillars as almanacs print them: "甲辰年 丙寅月 甲辰日".
func (d Day) GanZhi() string {
	return d.YearGanZhi + "年 " + d.MonthGanZhi + "月 " + d.DayGanZhi + "日"
}

// ErrRange is returned for a date outside MinYear–MaxYear or one that
// does not exist (2023-02-29).
type ErrRange struct{ Reason string }

func (e *ErrRange) Error() string { return e.Reason }

// Valid reports why d is not a date the almanac answers for, or nil.
func (d Date) Valid() error {
	if d.Year < MinYear || d.Year > MaxYear {
		return &ErrRange{"the year must be between " + strconv.Itoa(MinYear) + " and " + strconv.Itoa(MaxYear)}
	}
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	if d.Month < 1 || d.Month > 12 || t.Day() != d.Day || int(t.Month()) != d.Month {
		return &ErrRange{"that day does not exist"}
	}
	return nil
}

// On returns the almanac of date d. The Day's slices are shared with
// other callers asking for the same date: read them, do not modify them.
func On(d Date) (Day, error) {
	if err := d.Valid(); err != nil {
		return Day{}, err
	}
	if day, ok := cache.get(d); ok {
		return day, nil
	}
	day := compute(d)
	cache.put(d, day)
	return day, nil
}

// cache keeps the days On was asked for: the home page and the day page
// ask for today's almanac on every request, and lunar-go takes about
// 0.27 ms and 3,200 allocations to work one out (BenchmarkOn/compute
// against /cached). A day never changes, so entries never go stale; the
// cache is emptied when it reaches maxCachedDays, which bounds its memory
// (a few MB) whatever dates the API is asked for.
var cache = dayCache{m: map[Date]Day{}}

const maxCachedDays = 1024

type dayCache struct {
	mu sync.RWMutex
	m  map[Date]Day
}

func (c *dayCache) get(d Date) (Day, bool) {
	c.mu.RLock()
	day, ok := c.m[d]
	c.mu.RUnlock()
	return day, ok
}

func (c *dayCache) put(d Date, day Day) {
	c.mu.Lock()
	if len(c.m) >= maxCachedDays {
		clear(c.m)
	}
	c.m[d] = day
	c.mu.Unlock()
}

// compute works out the almanac of a valid date with lunar-go.
func compute(d Date) Day {
	l := calendar.NewSolarFromYmd(d.Year, d.Month, d.Day).GetLunar()
	day := Day{
		Date:        d,
		Lunar:       lunarDate(l),
		YearGanZhi:  l.GetYearInGanZhiByLiChun(),
		MonthGanZhi: l.GetMonthInGanZhiExact(),
		DayGanZhi:   l.GetDayInGanZhi(),
		Zodiac:      l.GetYearShengXiaoByLiChun(),
		SolarTerm:   l.GetJieQi(),
		Yi:          names(l.GetDayYi()),
		Ji:          names(l.GetDayJi()),
		Officer:     l.GetZhiXing(),
		Clash:       Clash{Animal: l.GetDayChongShengXiao(), GanZhi: l.GetDayChongGan() + l.GetDayChong(), Sha: l.GetDaySha()},
		Deity:       Deity{Name: l.GetDayTianShen(), Path: l.GetDayTianShenType(), Luck: l.GetDayTianShenLuck()},
		Mansion:     Mansion{Name: l.GetXiu(), Element: l.GetZheng(), Animal: l.GetAnimal(), Luck: l.GetXiuLuck()},
		PengZu:      [2]string{l.GetPengZuGan(), l.GetPengZuZhi()},
		Directions: Directions{
			Joy:       Direction{l.GetDayPositionXi(), l.GetDayPositionXiDesc()},
			Fortune:   Direction{l.GetDayPositionFu(), l.GetDayPositionFuDesc()},
			Wealth:    Direction{l.GetDayPositionCai(), l.GetDayPositionCaiDesc()},
			YangNoble: Direction{l.GetDayPositionYangGui(), l.GetDayPositionYangGuiDesc()},
			YinNoble:  Direction{l.GetDayPositionYinGui(), l.GetDayPositionYinGuiDesc()},
		},
	}
	// lunar-go lists thirteen hours: the early 子 (00:00) through 亥, then
	// the late 子 (23:00), which is the next day's 子 hour. The twelve
	// double hours of this date are the first twelve.
	for i, t := range l.GetTimes()[:12] {
		day.Hours[i] = Hour{
			Branch: t.GetZhi(),
			GanZhi: t.GetGanZhi(),
			Start:  t.GetMinHm(),
			End:    t.GetMaxHm(),
			Deity:  Deity{Name: t.GetTianShen(), Path: t.GetTianShenType(), Luck: t.GetTianShenLuck()},
			Clash:  Clash{Animal: t.GetChongShengXiao(), GanZhi: t.GetChongGan() + t.GetChong(), Sha: t.GetSha()},
			Yi:     names(t.GetYi()),
			Ji:     names(t.GetJi()),
		}
	}
	return day
}

// LunarOf returns only the lunar date of d: what a month grid shows in
// each cell, without the rest of the day's almanac.
func LunarOf(d Date) (LunarDate, error) {
	if err := d.Valid(); err != nil {
		return LunarDate{}, err
	}
	return lunarDate(calendar.NewSolarFromYmd(d.Year, d.Month, d.Day).GetLunar()), nil
}

func lunarDate(l *calendar.Lunar) LunarDate {
	m := l.GetMonth()
	return LunarDate{
		Year: l.GetYear(), Month: abs(m), Leap: m < 0, Day: l.GetDay(),
		MonthName: l.GetMonthInChinese() + "月", DayName: l.GetDayInChinese(),
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// names copies lunar-go's list of names; never nil, so JSON has [].
func names(l *list.List) []string {
	out := make([]string, 0, l.Len())
	for e := l.Front(); e != nil; e = e.Next() {
		out = append(out, e.Value.(string))
	}
	return out
}
