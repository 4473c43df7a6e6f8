package handlers

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/views"
)

// The 流日 / 流时 drill-down: GET /chart/liuri (the days of a 流月) and
// GET /chart/liushi (the 时辰 of a day) are htmx fragments; the chart page
// itself opens the same parts from month= and day=, so every step is a
// real link and the URL keeps the state.

// drillParams is the drill-down's query: month (1 = 寅 … 12 = 丑) and day.
type drillParams struct {
	month   int
	day     string // YYYY-MM-DD as given
	y, m, d int
}

// parseDrill reads month= and day= (each optional, day only with month);
// field names the parameter refused.
func parseDrill(month, day string) (dp drillParams, field string) {
	if month != "" {
		if len(month) > 2 {
			return dp, "month"
		}
		n := 0
		for i := 0; i < len(month); i++ {
			if month[i] < '0' || month[i] > '9' {
				return dp, "month"
			}
			n = n*10 + int(month[i]-'0')
		}
		if n < 1 || n > 12 {
			return dp, "month"
		}
		dp.month = n
	}
	if day != "" {
		if dp.month == 0 {
			return dp, "month"
		}
		t, err := time.Parse(time.DateOnly, day)
		if err != nil || t.Format(time.DateOnly) != day {
			return dp, "day"
		}
		dp.day = day
		y, m, d := t.Date()
		dp.y, dp.m, dp.d = y, int(m), d
	}
	return dp, ""
}

// hourRanges are the clock hours of the twelve 时辰.
var hourRanges = [12]string{"23–01", "01–03", "03–05", "05–07", "07–09", "09–11", "11–13", "13–15", "15–17", "17–19", "19–21", "21–23"}

// drill fills the drill-down of v from month= and day=: the days of the
// month of v.SelectedYear, and the hours of the day. A refused parameter
// sets v.DrillError and opens nothing past it.
func (h *ChartPage) drill(c *fiber.Ctx, lang i18n.Lang, chart *bazi.Chart, v *views.ChartView) {
	dp, field := parseDrill(c.Query("month"), c.Query("day"))
	switch {
	case field == "month" && c.Query("month") == "":
		v.DrillError = h.site.I18n.T(lang, "luckrel.error.need_month")
		return
	case field != "":
		v.DrillError = h.site.I18n.T(lang, "luckrel.error."+field)
		return
	case dp.month == 0:
		return
	case len(v.LiuYue) == 0:
		v.DrillError = h.site.I18n.T(lang, "chartlink.year_range", bazi.MinYear, bazi.MaxYear)
		return
	}
	off := chart.SolarTime.StandardOffsetMinutes * 60
	days, ok := bazi.LiuRi(v.SelectedYear, dp.month-1, off)
	if !ok {
		v.DrillError = h.site.I18n.T(lang, "chartlink.year_range", bazi.MinYear, bazi.MaxYear)
		return
	}
	today := h.now().UTC().Add(time.Duration(off) * time.Second).Format(time.DateOnly)
	dm := chart.DayMaster.Stem
	v.SelectedMonth = dp.month
	v.LiuRi = make([]views.LiuRiRow, len(days))
	var open *bazi.LiuRiDay
	for i := range days {
		d := &days[i]
		date := fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
		v.LiuRi[i] = views.LiuRiRow{Date: date, Label: date[5:], GanZhi: d.GanZhi, TenGod: bazi.TenGodOf(dm, d.GanZhi.Stem()),
			Factors: bazi.DayReading(chart, d.GanZhi), Current: date == today}
		if dp.day != "" && d.Year == dp.y && d.Month == dp.m && d.Day == dp.d {
			open = d
		}
	}
	if dp.day == "" {
		return
	}
	if open == nil {
		v.DrillError = h.site.I18n.T(lang, "luckrel.error.day")
		return
	}
	v.SelectedDay = dp.day
	hours := bazi.LiuShi(open.GanZhi)
	v.LiuShi = make([]views.LiuShiRow, len(hours))
	for i, g := range hours {
		v.LiuShi[i] = views.LiuShiRow{GanZhi: g, Range: hourRanges[i], TenGod: bazi.TenGodOf(dm, g.Stem()), Factors: bazi.DayReading(chart, g)}
	}
}

// drillFragmentError is why a drill-down fragment cannot be shown ("" when
// it can): hours need a day, days a month.
func drillFragmentError(p views.Page, v *views.ChartView, hours bool) string {
	switch {
	case v.DrillError != "":
		return v.DrillError
	case len(v.LiuYue) == 0:
		return p.T("chartlink.year_range", bazi.MinYear, bazi.MaxYear)
	case v.SelectedMonth == 0:
		return p.T("luckrel.error.need_month")
	case hours && v.SelectedDay == "":
		return p.T("luckrel.error.day")
	}
	return ""
}

// LiuRi is GET /chart/liuri?…&year=Y&month=M: the days of one 流月 (htmx
// fragment).
func (h *ChartPage) LiuRi(c *fiber.Ctx) error {
	cr, ok, err := h.load(c)
	if !ok {
		return err
	}
	v := h.view(c, cr)
	p := h.site.Page(c, "")
	if msg := drillFragmentError(p, &v, false); msg != "" {
		return fragmentError(c, p, msg)
	}
	return render(c, fiber.StatusOK, views.LiuRiTable(p, v))
}

// LiuShi is GET /chart/liushi?…&year=Y&month=M&day=D: the twelve 时辰 of
// one day (htmx fragment).
func (h *ChartPage) LiuShi(c *fiber.Ctx) error {
	cr, ok, err := h.load(c)
	if !ok {
		return err
	}
	v := h.view(c, cr)
	p := h.site.Page(c, "")
	if msg := drillFragmentError(p, &v, true); msg != "" {
		return fragmentError(c, p, msg)
	}
	return render(c, fiber.StatusOK, views.LiuShiTable(p, v))
}
