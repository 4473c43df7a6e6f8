package handlers

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/astroinput"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/views"
)

// AstroPage serves GET /astrology: the Western natal chart of the birth in
// the query (the chart page's parameters, the gender optional, plus
// house_system). Like the chart, it is recomputed on every request.
type AstroPage struct {
	site *Site
	form *ChartForm
	now  func() time.Time
	// ReadingLeft, when set, is what is left of the visitor's daily
	// readings (nil: nothing to show).
	ReadingLeft func(c *fiber.Ctx) *views.ReadingAllowance
}

// NewAstroPage returns the natal chart page; bad input is shown on the
// birth form, which then leads back to the page.
func NewAstroPage(site *Site, form *ChartForm, now func() time.Time) *AstroPage {
	return &AstroPage{site: site, form: form, now: now}
}

// Show is GET /astrology?date=…[&time=…]&tz=…&lat=…&lon=…[&house_system=…].
func (h *AstroPage) Show(c *fiber.Ctx) error {
	if len(c.Request().URI().QueryString()) == 0 {
		// The module's own address: the birth form, leading to the chart.
		return h.form.RenderFormFor(c, fiber.StatusOK, withUserDefaults(chartinput.Request{}, CurrentUser(c)), "", nil, "astrology")
	}
	req, name, ferr := astroinput.FromQuery(func(k string) string { return c.Query(k) })
	if ferr != nil {
		return h.refuse(c, req, name, ferr)
	}
	chart, err := astroinput.Build(req, h.now())
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			return h.refuse(c, req, name, fe)
		}
		return fmt.Errorf("compute natal chart: %w", err)
	}
	v := h.view(c, chart, name)
	v.Query = chart.Request.Query(name)
	v.HouseBase = "/astrology?" + chart.Request.WithHouses("").Query(name) + "&"
	cq := chart.Request.ChartQuery(name)
	v.EditURL = "/chart/new?" + cq + "&view=astrology"
	if strings.TrimSpace(chart.Request.Gender) == "" {
		// The BaZi chart and the board need the gender: the form asks.
		v.ChartURL = "/chart/new?" + cq
		if chart.HasTime() {
			v.ZiweiURL = "/chart/new?" + cq + "&view=ziwei"
		}
	} else {
		v.ChartURL = "/chart?" + cq
		v.OverviewURL = "/overview?" + cq
		if chart.HasTime() {
			v.ZiweiURL = "/ziwei?" + cq
		}
	}
	// Transits to this chart, and a synastry starting from it.
	v.TransitsURL = "/astrology/transits?" + chart.Request.WithHouses("").Query(name)
	v.SynastryURL = "/astrology/synastry?" + url.Values{"a": {cq}}.Encode()
	if h.ReadingLeft != nil {
		v.ReadingLeft = h.ReadingLeft(c)
	}
	return h.render(c, v, nil)
}

// refuse shows refused input: a birth-data field on the birth form (which
// leads back to the chart), the chart's own fields (not on the form) on an
// error page naming the problem.
func (h *AstroPage) refuse(c *fiber.Ctx, req astroinput.Request, name string, fe *bazi.FieldError) error {
	switch fe.Field {
	case "house_system", "day":
		p := h.site.Page(c, "")
		return render(c, fiber.StatusUnprocessableEntity, views.ErrorPage(p, fiber.StatusUnprocessableEntity, p.T("astro.title"), p.T("astro.options_invalid")))
	}
	return h.form.RenderFormFor(c, fiber.StatusUnprocessableEntity, req.Request, name, fe, "astrology")
}

// View computes the natal chart of a saved chart's request for its pages
// (/charts/:id/astrology and /s/:token/astrology); house_system is read
// from the request's query. A *bazi.FieldError means the input is refused.
func (h *AstroPage) View(c *fiber.Ctx, cr chartinput.Request, name string) (views.AstroView, *astroinput.Chart, error) {
	req := astroinput.Request{Request: cr, HouseSystem: c.Query("house_system")}
	chart, err := astroinput.Build(req, h.now())
	if err != nil {
		return views.AstroView{}, nil, err
	}
	v := h.view(c, chart, name)
	v.Query = chart.Request.Query(name)
	return v, chart, nil
}

// view builds what the page shows.
func (h *AstroPage) view(c *fiber.Ctx, ch *astroinput.Chart, name string) views.AstroView {
	lang := Lang(c)
	in := &ch.Input
	v := views.AstroView{Chart: ch.Chart, Name: name}
	if place, found := ch.PlaceOf(); found {
		v.PlaceName = placeName(lang, place, ch.Request.Place)
	}
	v.ZoneLabel = zoneLabel(h.site.I18n, lang, in.Location.String(), in.ClockOffset/60)
	v.Birth = fmt.Sprintf("%04d-%02d-%02d", in.Year, in.Month, in.Day)
	if in.HasTime {
		v.Birth += fmt.Sprintf(" %02d:%02d", in.Hour, in.Minute)
	}
	p := h.site.Page(c, "")
	for _, w := range ch.Chart.Warnings {
		v.Warnings = append(v.Warnings, p.T("astro.warning."+w.Code))
	}
	return v
}

// render writes the page.
func (h *AstroPage) render(c *fiber.Ctx, v views.AstroView, og func(p *views.Page)) error {
	p := h.site.Page(c, "")
	p.Title = p.T("astro.title")
	if v.Name != "" {
		p.Title = v.Name + " · " + p.T("astro.title")
	}
	if og != nil {
		og(&p)
	}
	return render(c, fiber.StatusOK, views.AstroPage(p, v))
}
