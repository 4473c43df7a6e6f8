package handlers

import (
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/overviewinput"
	"github.com/bazi-master/bazi-master/views"
)

// OverviewPage serves GET /overview: one birth (the chart page's query)
// in BaZi, Zi Wei Dou Shu and Western astrology side by side, with the
// points where they agree. Recomputed on every request.
type OverviewPage struct {
	site *Site
	form *ChartForm
	now  func() time.Time
	// ReadingLeft, when set, is what is left of the visitor's daily
	// readings (nil: nothing to show).
	ReadingLeft func(c *fiber.Ctx) *views.ReadingAllowance
}

// NewOverviewPage returns the overview page; bad input is shown on the
// birth form, which then leads back to the overview.
func NewOverviewPage(site *Site, form *ChartForm, now func() time.Time) *OverviewPage {
	return &OverviewPage{site: site, form: form, now: now}
}

// Show is GET /overview?date=…[&time=…]&tz=…&gender=….
func (h *OverviewPage) Show(c *fiber.Ctx) error {
	if len(c.Request().URI().QueryString()) == 0 {
		return h.form.RenderFormFor(c, fiber.StatusOK, withUserDefaults(chartinput.Request{}, CurrentUser(c)), "", nil, "overview")
	}
	req, name, ferr := chartinput.FromQuery(func(k string) string { return c.Query(k) })
	if ferr != nil {
		return h.form.RenderFormFor(c, fiber.StatusUnprocessableEntity, req, name, ferr, "overview")
	}
	o, err := overviewinput.Build(req, name, h.now())
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			return h.form.RenderFormFor(c, fiber.StatusUnprocessableEntity, req, name, fe, "overview")
		}
		return fmt.Errorf("compute overview: %w", err)
	}
	lang := Lang(c)
	q := o.Query()
	v := views.OverviewView{
		Name: name, Query: q, Chart: o.Chart.Chart, Astro: o.Astro.Chart, Points: o.Points,
		ChartURL: "/chart?" + q, AstroURL: "/astrology?" + q, ZiweiURL: "/ziwei?" + q,
		EditURL: "/chart/new?" + q + "&view=overview",
	}
	if o.Board != nil {
		v.Board = o.Board.Board
	} else {
		v.ZiweiURL = "/chart/new?" + q + "&view=ziwei"
	}
	st := &o.Chart.Chart.SolarTime
	place, found := chartinput.PlaceOf(req, o.Chart)
	v.PlaceName = placeName(lang, place, req.Place)
	if !found {
		v.PlaceName = h.site.I18n.T(lang, "chartlink.place_unresolved", v.PlaceName)
	}
	v.ZoneLabel = zoneLabel(h.site.I18n, lang, st.TZ, st.UTCOffsetMinutes)
	in := &o.Astro.Input
	v.Birth = fmt.Sprintf("%04d-%02d-%02d", in.Year, in.Month, in.Day)
	if in.HasTime {
		v.Birth += fmt.Sprintf(" %02d:%02d", in.Hour, in.Minute)
	}
	if h.ReadingLeft != nil {
		v.ReadingLeft = h.ReadingLeft(c)
	}
	p := h.site.Page(c, "")
	p.Title = p.T("overview.title")
	if name != "" {
		p.Title = name + " · " + p.T("overview.title")
	}
	return render(c, fiber.StatusOK, views.OverviewPage(p, v))
}
