package views

import (
	"github.com/bazi-master/bazi-master/bazi"
)

// The 流日 / 流时 drill-down below the 流月: a month opens its days, a day
// its twelve 时辰. Each step is a real link to the full chart page with
// the part open (month=, day=) that htmx turns into an in-place load of
// the fragment, pushing the same URL.

// LiuRiRow is one day of the open 流月.
type LiuRiRow struct {
	Date    string // YYYY-MM-DD on the chart's clock
	Label   string // MM-DD
	GanZhi  bazi.GanZhi
	TenGod  bazi.TenGod
	Factors []bazi.DayFactor // the day's stem and branch relations with the natal pillars
	Current bool             // today (on the chart's clock)
}

// LiuShiRow is one 时辰 of the open day.
type LiuShiRow struct {
	GanZhi  bazi.GanZhi
	Range   string // "23–01", "01–03" …
	TenGod  bazi.TenGod
	Factors []bazi.DayFactor
}

// drillQuery is luck=L&year=Y&month=M (and &day=D), the state of the
// drill-down in a page URL.
func (v ChartView) drillQuery(month int, day string) string {
	q := ""
	if v.SelectedLuck > 0 {
		q = "luck=" + itoa(v.SelectedLuck) + "&"
	}
	q += "year=" + itoa(v.SelectedYear) + "&month=" + itoa(month)
	if day != "" {
		q += "&day=" + day
	}
	return q
}

// fragmentURL is the URL of fragment part (liuri, liushi) with query q:
// /chart/<part>?<chart>&q, or SelfURL?part=<part>&q.
func (v ChartView) fragmentURL(part, q string) string {
	if v.SelfURL != "" {
		return v.SelfURL + "?part=" + part + "&" + q
	}
	return "/chart/" + part + "?" + v.Query + "&" + q
}

// daysURL is the full page with month m's days open.
func (v ChartView) daysURL(m int) string { return v.URL(v.drillQuery(m, "")) + "#liuri" }

// daysFragment is the fragment of month m's days.
func (v ChartView) daysFragment(m int) string {
	return v.fragmentURL("liuri", "year="+itoa(v.SelectedYear)+"&month="+itoa(m))
}

// hoursURL is the full page with day d's hours open.
func (v ChartView) hoursURL(d string) string {
	return v.URL(v.drillQuery(v.SelectedMonth, d)) + "#liushi"
}

// hoursFragment is the fragment of day d's hours.
func (v ChartView) hoursFragment(d string) string {
	return v.fragmentURL("liushi", "year="+itoa(v.SelectedYear)+"&month="+itoa(v.SelectedMonth)+"&day="+d)
}

// selectedMonthRow is the open 流月's row, or nil.
func (v ChartView) selectedMonthRow() *LiuYueRow {
	if v.SelectedMonth < 1 || v.SelectedMonth > len(v.LiuYue) {
		return nil
	}
	return &v.LiuYue[v.SelectedMonth-1]
}

// dayPillarOf is the open day's pillar ("" when none is open).
func dayPillarOf(v ChartView) string {
	for i := range v.LiuRi {
		if v.LiuRi[i].Date == v.SelectedDay {
			return v.LiuRi[i].GanZhi.String()
		}
	}
	return ""
}
