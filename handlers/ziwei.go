package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/ziweiinput"
	"github.com/bazi-master/bazi-master/views"
)

// ZiweiPage serves GET /ziwei: the Zi Wei Dou Shu board of the birth in
// the query (the chart page's parameters, plus year, leap_rule and
// late_zi). Like the chart, it is recomputed on every request.
type ZiweiPage struct {
	site *Site
	form *ChartForm
	now  func() time.Time
	// ReadingLeft, when set, is what is left of the visitor's daily
	// readings (nil: nothing to show).
	ReadingLeft func(c *fiber.Ctx) *views.ReadingAllowance
}

// NewZiweiPage returns the board page; bad input is shown on the birth
// form, which then leads back to the board.
func NewZiweiPage(site *Site, form *ChartForm, now func() time.Time) *ZiweiPage {
	return &ZiweiPage{site: site, form: form, now: now}
}

// Show is GET /ziwei?date=…&time=…&tz=…&gender=…[&year=Y][&palace=N].
func (h *ZiweiPage) Show(c *fiber.Ctx) error {
	if len(c.Request().URI().QueryString()) == 0 {
		// The module's own address: the birth form, leading to the board.
		return h.form.RenderFormFor(c, fiber.StatusOK, withUserDefaults(chartinput.Request{}, CurrentUser(c)), "", nil, "ziwei")
	}
	req, name, ferr := ziweiinput.FromQuery(func(k string) string { return c.Query(k) })
	if ferr != nil {
		return h.refuse(c, req, name, ferr)
	}
	board, err := ziweiinput.Build(req, h.now())
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			return h.refuse(c, req, name, fe)
		}
		return fmt.Errorf("compute board: %w", err)
	}
	v := h.view(c, board, name)
	v.Query = board.Request.Query(name)
	v.Base = "/ziwei?" + board.Request.WithYear(0).Query(name) + "&"
	v.ChartURL = "/chart?" + board.Request.ChartQuery(name)
	v.AstroURL = "/astrology?" + board.Request.ChartQuery(name)
	v.OverviewURL = "/overview?" + board.Request.ChartQuery(name)
	v.EditURL = "/chart/new?" + board.Request.ChartQuery(name) + "&view=ziwei"
	if h.ReadingLeft != nil {
		v.ReadingLeft = h.ReadingLeft(c)
	}
	return h.render(c, v, "/ziwei/card.png?"+cardQuery(v.Query, "palace", "year"))
}

// refuse shows refused input: a birth-data field on the birth form (which
// leads back to the board), the board's own fields (not on the form) on an
// error page naming the problem.
func (h *ZiweiPage) refuse(c *fiber.Ctx, req ziweiinput.Request, name string, fe *bazi.FieldError) error {
	switch fe.Field {
	case "year", "leap_rule", "late_zi":
		p := h.site.Page(c, "")
		return render(c, fiber.StatusUnprocessableEntity, views.ErrorPage(p, fiber.StatusUnprocessableEntity, p.T("ziwei.title"), h.form.errorText(p, fe)))
	}
	return h.form.RenderFormFor(c, fiber.StatusUnprocessableEntity, req.Request, name, fe, "ziwei")
}

// View computes the board of a saved chart's request for its pages
// (/charts/:id/ziwei and /s/:token/ziwei); year= and palace= are read from
// the request's query. A *bazi.FieldError means the input is refused.
func (h *ZiweiPage) View(c *fiber.Ctx, cr chartinput.Request, name string) (views.ZiweiView, error) {
	req := ziweiinput.Request{Request: cr}
	if y := c.Query("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			return views.ZiweiView{}, &bazi.FieldError{Field: "year", Code: "invalid_number", Message: "The year must be a number."}
		}
		req.Year = n
	}
	board, err := ziweiinput.Build(req, h.now())
	if err != nil {
		return views.ZiweiView{}, err
	}
	v := h.view(c, board, name)
	v.Query = board.Request.Query(name)
	return v, nil
}

// view builds what the board page shows.
func (h *ZiweiPage) view(c *fiber.Ctx, b *ziweiinput.Board, name string) views.ZiweiView {
	lang := Lang(c)
	place, found := b.PlaceOf()
	v := views.ZiweiView{
		Board: b.Board, Horoscope: &b.Horoscope, Name: name,
		Year: b.Request.Year, Selected: -1,
		BirthLunarYear: b.Board.Lunar.Year,
	}
	if found {
		v.PlaceName = placeName(lang, place, b.Request.Place)
	}
	v.ZoneLabel = zoneLabel(h.site.I18n, lang, b.Input.Location.String(), b.Input.ClockOffset/60)
	if n, err := strconv.Atoi(c.Query("palace")); err == nil && n >= 0 && n < 12 {
		v.Selected = n
	}
	p := h.site.Page(c, "")
	for _, w := range b.Input.Warnings {
		v.Warnings = append(v.Warnings, p.T("warning."+w.Code))
	}
	return v
}

// render writes the page, or only the board for htmx's swaps; image is
// its share image's path ("/ziwei/card.png?…", or a shared chart's
// token route).
func (h *ZiweiPage) render(c *fiber.Ctx, v views.ZiweiView, image string) error {
	p := h.site.Page(c, "")
	p.Title = p.T("ziwei.title")
	if v.Name != "" {
		p.Title = v.Name + " · " + p.T("ziwei.title")
	}
	name := v.Name
	_, title, desc := ziweiShare(h.site.shareText(p.Lang), v.Board, name)
	h.site.shareMeta(c, &p, image, title, desc)
	if isHTMX(c) && c.Get("HX-Target") == "zw-main" {
		return render(c, fiber.StatusOK, views.ZiweiMain(p, v))
	}
	return render(c, fiber.StatusOK, views.ZiweiPage(p, v))
}
