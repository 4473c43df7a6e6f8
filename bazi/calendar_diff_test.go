package bazi

import (
	"math/rand"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/6tail/lunar-go/calendar"
)

// diffBirth is a random birth at UTC+8 (lunar-go reads its input as
// Beijing time).
type diffBirth struct {
	y, mo, d, h, mi, s int
	male               bool
}

func randomBirths(n int, seed int64) []diffBirth {
	rng := rand.New(rand.NewSource(seed))
	lo := time.Date(MinYear, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(MaxYear+1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	out := make([]diffBirth, 0, n)
	for len(out) < n {
		w := lo + rng.Int63n(hi-lo) // Beijing wall seconds
		u := w - 8*3600
		// Keep births at least a minute from any 节 (see STACK-NOTES).
		k := termAtOrBefore(u, true)
		if u-termTable[k] < 60 || termTable[k+2]-u < 60 {
			continue
		}
		t := time.Unix(w, 0).UTC()
		out = append(out, diffBirth{t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(), rng.Intn(2) == 0})
	}
	// Sorting by year lets lunar-go reuse its one-year cache (NewLunarYear),
	// which keeps the reference side fast.
	sort.Slice(out, func(i, j int) bool { return out[i].y < out[j].y })
	return out
}

func (b diffBirth) request() Request {
	g := "female"
	if b.male {
		g = "male"
	}
	date := strconv.Itoa(b.y) + "-" + two(b.mo) + "-" + two(b.d)
	tm := two(b.h) + ":" + two(b.mi) + ":" + two(b.s)
	return Request{Date: date, Time: tm, TZ: "+08:00", Gender: g}
}

func two(v int) string { return string([]byte{byte('0' + v/10), byte('0' + v%10)}) }

func solarWall(s *calendar.Solar) Wall {
	return wallOf(s.GetYear(), s.GetMonth(), s.GetDay(), s.GetHour(), s.GetMinute(), s.GetSecond())
}

// TestDifferentialLunarGo compares pillars and luck starts with lunar-go
// over random births 1800–2200 (100,000; 5,000 with -short).
func TestDifferentialLunarGo(t *testing.T) {
	n := 100000
	if testing.Short() {
		n = 5000
	}
	births := randomBirths(n, 20240601)
	fails := 0
	fail := func(b diffBirth, format string, args ...any) {
		fails++
		if fails <= 20 {
			t.Errorf("%+v: "+format, append([]any{b}, args...)...)
		}
	}
	for i, b := range births {
		in, err := b.request().Parse()
		if err != nil {
			t.Fatalf("%+v: %v", b, err)
		}
		solar := calendar.NewSolar(b.y, b.mo, b.d, b.h, b.mi, b.s)
		lunar := solar.GetLunar()
		ec := lunar.GetEightChar()
		for _, zi := range []ZiRule{ZiNextDay, ZiSplit} {
			in.ZiRule = zi
			p, err := PillarsOf(in)
			if err != nil {
				t.Fatal(err)
			}
			ec.SetSect(int(zi) + 1)
			want := [4]string{ec.GetYear(), ec.GetMonth(), ec.GetDay(), ec.GetTime()}
			got := [4]string{p.Year.String(), p.Month.String(), p.Day.String(), p.Hour.String()}
			if got != want {
				fail(b, "zi %s: pillars %v, lunar-go %v", zi, got, want)
			}
		}
		gender := 0
		if b.male {
			gender = 1
		}
		for _, m := range []LuckMethod{LuckDays, LuckMinutes} {
			in.LuckMethod = m
			c, err := Compute(in, testNow)
			if err != nil {
				t.Fatal(err)
			}
			var yun *calendar.Yun
			if m == LuckDays {
				yun = ec.GetYun(gender)
			} else {
				yun = ec.GetYunBySect(gender, 2)
			}
			if got, want := c.Luck.StartTime, solarWall(yun.GetStartSolar()); got != want {
				fail(b, "%s: luck start %s, lunar-go %s", m, got, want)
			}
			o := c.Luck.StartOffset
			if o.Years != yun.GetStartYear() || o.Months != yun.GetStartMonth() || o.Days != yun.GetStartDay() || o.Hours != yun.GetStartHour() {
				fail(b, "%s: offset %+v, lunar-go %d %d %d %d", m, o, yun.GetStartYear(), yun.GetStartMonth(), yun.GetStartDay(), yun.GetStartHour())
			}
			if c.Luck.Forward != yun.IsForward() {
				fail(b, "%s: forward %v", m, c.Luck.Forward)
			}
			if i%20 != 0 {
				continue
			}
			// The 大运 years, ages and pairs, and the 流年 and 小运 of
			// the first pillar and of the childhood.
			dy := yun.GetDaYun()
			pre := c.Luck.PreLuck
			if pre.StartYear != dy[0].GetStartYear() || pre.EndYear != dy[0].GetEndYear() || pre.StartAge != dy[0].GetStartAge() || pre.EndAge != dy[0].GetEndAge() {
				fail(b, "%s: pre-luck %+v, lunar-go %d-%d ages %d-%d", m, pre, dy[0].GetStartYear(), dy[0].GetEndYear(), dy[0].GetStartAge(), dy[0].GetEndAge())
			}
			for j, ln := range dy[0].GetLiuNian() {
				if j >= len(pre.Years) || pre.Years[j].GanZhi.String() != ln.GetGanZhi() || int(pre.Years[j].Age) != ln.GetAge() || int(pre.Years[j].Year) != ln.GetYear() {
					fail(b, "%s: pre-luck year %d differs from lunar-go %d %s", m, j, ln.GetYear(), ln.GetGanZhi())
					break
				}
			}
			for j, xy := range dy[0].GetXiaoYun() {
				if j < len(pre.Years) && pre.Years[j].XiaoYun.String() != xy.GetGanZhi() {
					fail(b, "%s: pre-luck 小运 %d = %s, lunar-go %s", m, j, pre.Years[j].XiaoYun, xy.GetGanZhi())
					break
				}
			}
			for j := 1; j < len(dy); j++ {
				p := c.Luck.Pillars[j-1]
				if p.GanZhi.String() != dy[j].GetGanZhi() || int(p.StartYear) != dy[j].GetStartYear() || int(p.EndYear) != dy[j].GetEndYear() || int(p.StartAge) != dy[j].GetStartAge() || int(p.EndAge) != dy[j].GetEndAge() {
					fail(b, "%s: 大运 %d = %s %d-%d, lunar-go %s %d-%d", m, j, p.GanZhi, p.StartYear, p.EndYear, dy[j].GetGanZhi(), dy[j].GetStartYear(), dy[j].GetEndYear())
				}
			}
			p1 := c.Luck.Pillars[0]
			for j, ln := range dy[1].GetLiuNian() {
				if p1.Years[j].GanZhi.String() != ln.GetGanZhi() || int(p1.Years[j].Age) != ln.GetAge() || int(p1.Years[j].Year) != ln.GetYear() {
					fail(b, "%s: 流年 %d = %+v, lunar-go %d %s", m, j, p1.Years[j], ln.GetYear(), ln.GetGanZhi())
				}
			}
			for j, xy := range dy[1].GetXiaoYun() {
				if p1.Years[j].XiaoYun.String() != xy.GetGanZhi() {
					fail(b, "%s: 小运 %d = %s, lunar-go %s", m, j, p1.Years[j].XiaoYun, xy.GetGanZhi())
				}
			}
		}
	}
	if fails > 0 {
		t.Fatalf("%d mismatches in %d births", fails, len(births))
	}
}

// TestLunarDatesVsLunarGo compares solar↔lunar conversion on random days.
func TestLunarDatesVsLunarGo(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	lo := daysFromCivil(MinYear, 1, 1)
	hi := daysFromCivil(MaxYear, 12, 31)
	n := 20000
	if testing.Short() {
		n = 2000
	}
	days := make([]int64, n)
	for i := range days {
		days[i] = lo + rng.Int63n(hi-lo+1)
	}
	sort.Slice(days, func(i, j int) bool { return days[i] < days[j] })
	for _, d := range days {
		y, m, dd := civilFromDays(d)
		l := calendar.NewSolarFromYmd(y, m, dd).GetLunar()
		got, ok := SolarToLunar(y, m, dd)
		wm := l.GetMonth()
		want := LunarDate{Year: l.GetYear(), Month: max(wm, -wm), Day: l.GetDay(), Leap: wm < 0}
		if !ok || got != want {
			t.Fatalf("%d-%d-%d: lunar %+v, lunar-go %+v", y, m, dd, got, want)
		}
		if want.Year < MinYear || want.Year > MaxYear {
			continue
		}
		sy, sm, sd, err := LunarToSolar(got)
		if err != nil || sy != y || sm != m || sd != dd {
			t.Fatalf("lunar %+v → %d-%d-%d %v, want %d-%d-%d", got, sy, sm, sd, err, y, m, dd)
		}
	}
}
