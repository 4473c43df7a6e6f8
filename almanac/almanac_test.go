package almanac

import (
	"container/list"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/6tail/lunar-go/calendar"

	"github.com/bazi-master/bazi-master/bazi"
)

// Known almanac dates, as printed almanacs have them.
func TestKnownDates(t *testing.T) {
	for _, c := range []struct {
		date            Date
		lunar, year     string
		leap            bool
		officer, deity  string
		clashWith, term string
	}{
		// Spring Festival 2024: the first day of the 甲辰 year.
		{Date{2024, 2, 10}, "正月初一", "甲辰", false, "满", "金匮(黄道)", "冲狗(戊戌)煞南", ""},
		// 2023 had a leap second month: 2023-03-22 is 闰二月初一.
		{Date{2023, 3, 22}, "闰二月初一", "癸卯", true, "", "", "", ""},
		// 2020 had a leap fourth month from 2020-05-23; 2020-04-23 is 四月初一.
		{Date{2020, 4, 23}, "四月初一", "庚子", false, "", "", "", ""},
		{Date{2020, 5, 23}, "闰四月初一", "庚子", true, "", "", "", ""},
		// 立春 2024 fell on 02-04: the 甲辰 year begins there, not at 正月初一.
		{Date{2024, 2, 4}, "腊月廿五", "甲辰", false, "", "", "", "立春"},
	} {
		d, err := On(c.date)
		if err != nil {
			t.Fatalf("%v: %v", c.date, err)
		}
		if got := d.Lunar.String(); got != c.lunar || d.Lunar.Leap != c.leap {
			t.Errorf("%v: lunar %q leap %v, want %q leap %v", c.date, got, d.Lunar.Leap, c.lunar, c.leap)
		}
		if d.YearGanZhi != c.year {
			t.Errorf("%v: year %s, want %s", c.date, d.YearGanZhi, c.year)
		}
		if c.officer != "" && d.Officer != c.officer {
			t.Errorf("%v: officer %s, want %s", c.date, d.Officer, c.officer)
		}
		if c.deity != "" && d.Deity.String() != c.deity {
			t.Errorf("%v: deity %s, want %s", c.date, d.Deity, c.deity)
		}
		if c.clashWith != "" && d.Clash.String() != c.clashWith {
			t.Errorf("%v: clash %s, want %s", c.date, d.Clash, c.clashWith)
		}
		if d.SolarTerm != c.term {
			t.Errorf("%v: term %q, want %q", c.date, d.SolarTerm, c.term)
		}
		if len(d.Yi) == 0 || len(d.Ji) == 0 {
			t.Errorf("%v: empty 宜 %v or 忌 %v", c.date, d.Yi, d.Ji)
		}
	}
}

// TestAgainstLunarGo reads thousands of dates from 1900 to 2100 both
// through this package and from lunar-go directly: the package must only
// reshape the library's almanac, never change it.
func TestAgainstLunarGo(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 1))
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int(time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	n := 2000
	if testing.Short() {
		n = 300
	}
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		tm := start.AddDate(0, 0, r.IntN(span+1))
		d := DateOf(tm)
		got, err := On(d)
		if err != nil {
			t.Fatalf("%v: %v", d, err)
		}
		l := calendar.NewSolarFromYmd(d.Year, d.Month, d.Day).GetLunar()
		want := l.GetMonthInChinese() + "月" + l.GetDayInChinese()
		if got.Lunar.String() != want || got.Lunar.Leap != (l.GetMonth() < 0) || got.Lunar.Day != l.GetDay() {
			t.Fatalf("%v: lunar %+v, lunar-go %s (%d)", d, got.Lunar, want, l.GetMonth())
		}
		if got.DayGanZhi != l.GetDayInGanZhi() || got.MonthGanZhi != l.GetMonthInGanZhiExact() || got.YearGanZhi != l.GetYearInGanZhiByLiChun() {
			t.Fatalf("%v: pillars %s", d, got.GanZhi())
		}
		if !slices.Equal(got.Yi, listOf(l.GetDayYi())) || !slices.Equal(got.Ji, listOf(l.GetDayJi())) {
			t.Fatalf("%v: 宜忌 %v %v", d, got.Yi, got.Ji)
		}
		if got.Officer != l.GetZhiXing() || got.Deity.Name != l.GetDayTianShen() || got.Deity.Path != l.GetDayTianShenType() {
			t.Fatalf("%v: officer/deity %s %v", d, got.Officer, got.Deity)
		}
		if c := got.Clash; "("+c.GanZhi+")"+c.Animal != l.GetDayChongDesc() || c.Sha != l.GetDaySha() {
			t.Fatalf("%v: clash %v, lunar-go %s %s", d, c, l.GetDayChongDesc(), l.GetDaySha())
		}
		if got.Mansion.Name != l.GetXiu() || got.Mansion.Luck != l.GetXiuLuck() {
			t.Fatalf("%v: mansion %v", d, got.Mansion)
		}
		if got.PengZu != [2]string{l.GetPengZuGan(), l.GetPengZuZhi()} {
			t.Fatalf("%v: pengzu %v", d, got.PengZu)
		}
		dir := got.Directions
		if dir.Joy.Desc != l.GetDayPositionXiDesc() || dir.Fortune.Desc != l.GetDayPositionFuDesc() || dir.Wealth.Desc != l.GetDayPositionCaiDesc() ||
			dir.YangNoble.Trigram != l.GetDayPositionYangGui() || dir.YinNoble.Trigram != l.GetDayPositionYinGui() {
			t.Fatalf("%v: directions %+v", d, dir)
		}
		if lunarOnly, _ := LunarOf(d); lunarOnly != got.Lunar {
			t.Fatalf("%v: LunarOf %+v, On %+v", d, lunarOnly, got.Lunar)
		}
		// The app's own engine reads the same day pillar (noon in Beijing,
		// the clock lunar-go reads).
		if i%10 == 0 {
			p, _, err := bazi.PillarsAt(d.Time(shanghai))
			if err != nil || p.Day.String() != got.DayGanZhi {
				t.Fatalf("%v: bazi day pillar %v (%v), almanac %s", d, p.Day, err, got.DayGanZhi)
			}
		}
		// The hours are the slow part of lunar-go: check every tenth date's.
		if i%10 != 0 {
			continue
		}
		times := l.GetTimes()
		for h, hr := range got.Hours {
			lt := times[h]
			if hr.GanZhi != lt.GetGanZhi() || hr.Deity.Luck != lt.GetTianShenLuck() || !slices.Equal(hr.Yi, listOf(lt.GetYi())) {
				t.Fatalf("%v hour %d: %+v", d, h, hr)
			}
		}
		if got.Hours[0].Branch != "子" || got.Hours[11].Branch != "亥" {
			t.Fatalf("%v: hours run %s…%s", d, got.Hours[0].Branch, got.Hours[11].Branch)
		}
	}
}

func listOf(l *list.List) []string {
	out := []string{}
	for e := l.Front(); e != nil; e = e.Next() {
		out = append(out, e.Value.(string))
	}
	return out
}

func TestParseDate(t *testing.T) {
	for s, ok := range map[string]bool{
		"2024-02-10": true, "1800-01-01": true, "2200-12-31": true,
		"2023-02-29": false, "2024-13-01": false, "1799-12-31": false, "2201-01-01": false,
		"2024-2-10": false, "20240210": false, "": false, "2024-02-1x": false, "+024-02-10": false,
	} {
		d, err := ParseDate(s)
		if (err == nil) != ok {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
		if ok && d.String() != s {
			t.Errorf("ParseDate(%q).String() = %q", s, d.String())
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-10", "2023-02-29", "9999-99-99", "", "2024-02-10\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		// An accepted date round-trips and has an almanac.
		if d.String() != s {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
		if _, err := On(d); err != nil {
			t.Fatalf("On(%v): %v", d, err)
		}
	})
}

// BenchmarkOn: working a day out with lunar-go (compute) against the
// same day asked for again (cached), as the home and day pages do.
func BenchmarkOn(b *testing.B) {
	b.Run("compute", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = compute(Date{2024, 2, 10})
		}
	})
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := On(Date{2024, 2, 10}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// On answers a day asked for again with the same almanac, from many
// goroutines at once, and stays bounded however many days are asked for.
func TestOnCachesDays(t *testing.T) {
	want := compute(Date{2024, 2, 10})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				got, err := On(Date{2024, 2, 10})
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("On(2024-02-10) = %+v, %v", got.GanZhi(), err)
					return
				}
			}
		}()
	}
	wg.Wait()
	start := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range maxCachedDays + 10 {
		d := start.AddDate(0, 0, i)
		if _, err := On(Date{d.Year(), int(d.Month()), d.Day()}); err != nil {
			t.Fatal(err)
		}
	}
	cache.mu.RLock()
	n := len(cache.m)
	cache.mu.RUnlock()
	if n > maxCachedDays {
		t.Errorf("the cache holds %d days, want ≤ %d", n, maxCachedDays)
	}
	if got, _ := On(Date{2024, 2, 10}); !reflect.DeepEqual(got, want) {
		t.Error("a day worked out again differs")
	}
}

func BenchmarkLunarOf(b *testing.B) {
	for b.Loop() {
		if _, err := LunarOf(Date{2024, 2, 10}); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzParseQuery: any ?date= and ?tz= either names the field at fault or
// gives a date the almanac answers for.
func FuzzParseQuery(f *testing.F) {
	for _, s := range [][2]string{{"2024-02-10", ""}, {"today", "Asia/Tokyo"}, {"2024-02-30", "+08:00"}, {"", "UTC"}, {"2024-02-10", "../../etc"}} {
		f.Add(s[0], s[1])
	}
	now := time.Date(2024, 2, 10, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, date, tz string) {
		d, qerr := ParseQuery(date, tz, now)
		if qerr != nil {
			if qerr.Field != "date" && qerr.Field != "tz" || qerr.Message == "" {
				t.Fatalf("error %+v", qerr)
			}
			return
		}
		if _, err := On(d); err != nil {
			t.Fatalf("accepted %q %q as %v: %v", date, tz, d, err)
		}
	})
}
