package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/almanac"
	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/dayscore"
	"github.com/bazi-master/bazi-master/views"
)

// Today is the home page's "today" card for a signed-in reader: today's
// date on their zone, its lunar date and their main chart's score and
// summary. Guests get nil (the home page stays as it was). A failure to
// read the chart leaves the card without a score rather than failing the
// home page.
func (h *Daily) Today(c *fiber.Ctx, p views.Page) *views.TodayWidget {
	u := CurrentUser(c)
	if u == nil {
		return nil
	}
	z := resolvePageZone(c)
	now := h.deps.Now().In(z.loc)
	alm, err := almanac.On(almanac.DateOf(now))
	if err != nil {
		return nil
	}
	w := &views.TodayWidget{Date: alm.Date.String(), Lunar: AlmanacViewOf(p, alm).Lunar}
	pl, _, err := bazi.PillarsAt(now)
	if err != nil {
		return w
	}
	saved, _, err := h.mainChart(c, u)
	if err != nil || saved == nil {
		return w
	}
	chart, err := h.chartOf(saved)
	if err != nil {
		return w
	}
	w.ChartName = saved.Name
	w.Score = ScoreViewOf(p, dayscore.Of(bazi.DayReading(chart, pl.Day), alm), alm)
	return w
}
