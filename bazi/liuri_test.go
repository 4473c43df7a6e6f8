package bazi

import "testing"

func TestDayGanZhiKnownDates(t *testing.T) {
	for _, c := range []struct {
		y, m, d int
		want    string
	}{{1970, 1, 1, "辛巳"}, {2000, 1, 1, "戊午"}, {1984, 2, 2, "丙寅"}} {
		if got := DayGanZhi(c.y, c.m, c.d).String(); got != c.want {
			t.Errorf("%d-%d-%d: %s, want %s", c.y, c.m, c.d, got, c.want)
		}
		if got, want := DayGanZhi(c.y, c.m, c.d).String(), dayPillarOf(c.y, c.m, c.d); got != want {
			t.Errorf("%d-%d-%d: %s, lunar-go %s", c.y, c.m, c.d, got, want)
		}
	}
}

// The days of the twelve months of a year follow one another without gap
// or overlap, from the date of 立春 to the day before the next 立春, and
// 2024's 寅 month starts on 4 February (立春 16:27 Beijing time).
func TestLiuRiCoversTheYear(t *testing.T) {
	const beijing = 8 * 3600
	var prev *LiuRiDay
	total := 0
	for idx := 0; idx < 12; idx++ {
		days, ok := LiuRi(2024, idx, beijing)
		if !ok || len(days) < 28 || len(days) > 32 {
			t.Fatalf("month %d: %d days, ok %v", idx, len(days), ok)
		}
		if idx == 0 && (days[0].Month != 2 || days[0].Day != 4) {
			t.Errorf("寅 month starts %d-%d", days[0].Month, days[0].Day)
		}
		for i := range days {
			d := &days[i]
			if prev != nil && daysFromCivil(d.Year, d.Month, d.Day) != daysFromCivil(prev.Year, prev.Month, prev.Day)+1 {
				t.Fatalf("gap before %v", *d)
			}
			if d.GanZhi != DayGanZhi(d.Year, d.Month, d.Day) {
				t.Fatalf("%v: pillar %s", *d, d.GanZhi)
			}
			prev = d
		}
		total += len(days)
	}
	if total < 365 || total > 366 {
		t.Errorf("%d days in the year", total)
	}
	for _, bad := range [][2]int{{MinYear - 1, 0}, {MaxYear + 1, 0}, {2024, -1}, {2024, 12}} {
		if _, ok := LiuRi(bad[0], bad[1], beijing); ok {
			t.Errorf("LiuRi%v accepted", bad)
		}
	}
}

// 五鼠遁: 甲己 days start at 甲子, 乙庚 at 丙子, 丙辛 at 戊子, 丁壬 at 庚子,
// 戊癸 at 壬子.
func TestLiuShiFiveRats(t *testing.T) {
	for day, want := range map[string]string{"甲子": "甲子", "己巳": "甲子", "乙丑": "丙子", "丙寅": "戊子", "丁卯": "庚子", "戊辰": "壬子"} {
		g, _ := ParseGanZhi(day)
		hours := LiuShi(g)
		if hours[0].String() != want {
			t.Errorf("%s: 子 hour %s, want %s", day, hours[0], want)
		}
		for i := 1; i < 12; i++ {
			if hours[i] != hours[i-1].Add(1) {
				t.Errorf("%s: hours not consecutive at %d", day, i)
			}
		}
	}
}
