package bazi

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := LoadZone(name)
	if err != nil {
		t.Fatalf("zone %q: %v", name, err)
	}
	return loc
}

func pillarsText(p Pillars) string {
	s := p.Year.String() + " " + p.Month.String() + " " + p.Day.String()
	if p.HasHour {
		s += " " + p.Hour.String()
	}
	return s
}

func TestLoadZone(t *testing.T) {
	for _, c := range []struct{ tz, name, code string }{
		{"Asia/Shanghai", "Asia/Shanghai", ""},
		{" America/New_York ", "America/New_York", ""},
		{"+08:00", "UTC+08:00", ""},
		{"UTC-0530", "UTC-05:30", ""},
		{"Z", "UTC", ""},
		{"", "", "required"},
		{"Mars/Base", "", "unknown_tz"},
		{"+15:00", "", "out_of_range"},
		{"../etc/passwd", "", "unknown_tz"},
		{"Local", "", "unknown_tz"},
	} {
		loc, err := LoadZone(c.tz)
		switch {
		case c.code != "":
			if err == nil || err.Code != c.code || err.Field != "tz" {
				t.Errorf("LoadZone(%q) = %v, %v; want a tz %s error", c.tz, loc, err, c.code)
			}
		case err != nil || loc.String() != c.name:
			t.Errorf("LoadZone(%q) = %v, %v; want %s", c.tz, loc, err, c.name)
		}
	}
}

// 2024-02-04: 立春 falls at 16:27 Beijing time, so the year and month
// pillars change that afternoon; the day changes at 23:00.
func TestPillarsAt(t *testing.T) {
	sh := mustZone(t, "Asia/Shanghai")
	for _, c := range []struct {
		at   time.Time
		want string
		utc  string
	}{
		{time.Date(2000, 1, 1, 12, 0, 0, 0, sh), "己卯 丙子 戊午 戊午", "2000-01-01T04:00:00Z"},
		{time.Date(2024, 2, 4, 12, 0, 0, 0, sh), "癸卯 乙丑 戊戌 戊午", "2024-02-04T04:00:00Z"},
		{time.Date(2024, 2, 4, 17, 0, 0, 0, sh), "甲辰 丙寅 戊戌 辛酉", "2024-02-04T09:00:00Z"},
		{time.Date(2024, 2, 4, 23, 30, 0, 0, sh), "甲辰 丙寅 己亥 甲子", "2024-02-04T15:30:00Z"},
		// The day follows the local date, not Beijing's.
		{time.Date(2024, 2, 4, 0, 30, 0, 0, mustZone(t, "America/New_York")), "癸卯 乙丑 戊戌 壬子", "2024-02-04T05:30:00Z"},
	} {
		p, utc, err := PillarsAt(c.at)
		if err != nil {
			t.Fatalf("%v: %v", c.at, err)
		}
		if got := pillarsText(p); got != c.want || utc.Format(time.RFC3339) != c.utc {
			t.Errorf("%v: %s at %s, want %s at %s", c.at, got, utc.Format(time.RFC3339), c.want, c.utc)
		}
	}
	var fe *FieldError
	if _, _, err := PillarsAt(time.Date(1799, 12, 31, 12, 0, 0, 0, sh)); !errors.As(err, &fe) || fe.Code != "out_of_range" {
		t.Errorf("1799: %v, want out_of_range", err)
	}
}

// PillarsAt reads a moment as a chart born then: the same pillars as
// parsing the request and computing them.
func TestPillarsAtAgreesWithACharts(t *testing.T) {
	for _, tz := range []string{"Asia/Shanghai", "Europe/London", "America/Los_Angeles", "-03:30"} {
		loc := mustZone(t, tz)
		for _, at := range []time.Time{
			time.Date(1988, 2, 15, 23, 30, 0, 0, loc), time.Date(2021, 3, 28, 1, 30, 0, 0, loc),
			time.Date(2199, 7, 1, 6, 15, 45, 0, loc), time.Date(1800, 1, 1, 0, 0, 0, 0, loc),
		} {
			in, err := Request{Date: at.Format("2006-01-02"), Time: at.Format("15:04:05"), TZ: tz, Gender: "male"}.Parse()
			if err != nil {
				t.Fatalf("%s %v: %v", tz, at, err)
			}
			want, _ := PillarsOf(in)
			got, utc, err := PillarsAt(at)
			if err != nil || got != want || !utc.Equal(in.UTC) {
				t.Errorf("%s %v: %s at %v (%v), want %s at %v", tz, at, pillarsText(got), utc, err, pillarsText(want), in.UTC)
			}
		}
	}
}

// February 2024 in Beijing: 29 days; 立春 on the 4th at 16:27 turns the
// month pillar to 丙寅, 雨水 on the 19th; the 1st starts in 乙丑.
func TestMonthDaysFebruary2024(t *testing.T) {
	sh := mustZone(t, "Asia/Shanghai")
	days, err := MonthDays(sh, 2024, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 29 || days[0].Day != 1 || days[28].Day != 29 {
		t.Fatalf("%d days", len(days))
	}
	var marks []string
	for _, d := range days {
		s := ""
		if d.NewMonth {
			s += " month " + d.MonthPillar.String()
		}
		for _, term := range d.Terms {
			s += " " + term.Term.String() + " " + term.Time.In(sh).Format("15:04")
		}
		if s != "" {
			marks = append(marks, d.Pillar.String()+" "+strings.TrimSpace(s))
		}
	}
	want := "乙未 month 乙丑 | 戊戌 month 丙寅 立春 16:27 | 癸丑 雨水 12:13"
	if got := strings.Join(marks, " | "); got != want {
		t.Errorf("marked days %q, want %q", got, want)
	}
}

// A term belongs to the day it falls on by the calendar's clock: 立春 2024
// (08:27 UTC) is still the 3rd in Honolulu.
func TestMonthDaysTermOnTheLocalDate(t *testing.T) {
	days, err := MonthDays(mustZone(t, "Pacific/Honolulu"), 2024, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(days[2].Terms) != 1 || days[2].Terms[0].Term.String() != "立春" || !days[2].NewMonth || days[2].MonthPillar.String() != "丙寅" {
		t.Errorf("3 Feb in Honolulu: %+v, want 立春 starting 丙寅", days[2])
	}
	if len(days[3].Terms) != 0 || days[3].NewMonth {
		t.Errorf("4 Feb in Honolulu: %+v, want nothing", days[3])
	}
}

func TestMonthDaysRange(t *testing.T) {
	sh := mustZone(t, "Asia/Shanghai")
	for _, c := range []struct{ year, month int }{{2024, 0}, {2024, 13}, {MinYear - 1, 12}, {MaxYear + 1, 1}} {
		var fe *FieldError
		if _, err := MonthDays(sh, c.year, c.month); !errors.As(err, &fe) {
			t.Errorf("%d-%d: %v, want a field error", c.year, c.month, err)
		}
	}
	for _, c := range []struct{ year, month, days int }{{MinYear, 1, 31}, {MaxYear, 12, 31}, {2100, 2, 28}} {
		if days, err := MonthDays(sh, c.year, c.month); err != nil || len(days) != c.days {
			t.Errorf("%d-%d: %d days, %v", c.year, c.month, len(days), err)
		}
	}
}
