package handlers

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/places"
	"github.com/bazi-master/bazi-master/views"
)

// ChartPage serves GET /chart and its fragments. The URL holds the whole
// input (the JSON API's parameter names), so a chart can be bookmarked and
// shared; it is recomputed on every request (about 5 µs).
type ChartPage struct {
	site *Site
	form *ChartForm
	now  func() time.Time
	// Computed, when set, counts each chart computed (admin overview).
	Computed func()
}

// NewChartPage returns the chart page handlers; bad input is shown on the
// form that form renders.
func NewChartPage(site *Site, form *ChartForm, now func() time.Time) *ChartPage {
	return &ChartPage{site: site, form: form, now: now}
}

// chartRequest is a parsed and computed chart request.
type chartRequest struct {
	req  chartinput.Request
	name string
	doc  *chartinput.Document
}

// load parses the query and computes the chart. When the input is bad it
// renders the form with the error next to its field and returns ok=false.
func (h *ChartPage) load(c *fiber.Ctx) (cr chartRequest, ok bool, err error) {
	req, name, ferr := chartinput.FromQuery(func(k string) string { return c.Query(k) })
	if ferr != nil {
		return cr, false, h.form.RenderForm(c, fiber.StatusUnprocessableEntity, req, name, ferr)
	}
	doc, err := chartinput.Build(req, h.now())
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			return cr, false, h.form.RenderForm(c, fiber.StatusUnprocessableEntity, req, name, fe)
		}
		return cr, false, fmt.Errorf("compute chart: %w", err)
	}
	if h.Computed != nil {
		h.Computed()
	}
	return chartRequest{req: req, name: name, doc: doc}, true, nil
}

// view builds what the chart views show, with every switch link prepared.
func (h *ChartPage) view(c *fiber.Ctx, cr chartRequest) views.ChartView {
	r := cr.req
	v := views.ChartView{
		Chart:     cr.doc.Chart,
		Name:      cr.name,
		PlaceName: placeName(Lang(c), cr.doc.Place, r.Place),
		Query:     r.Query(cr.name),
	}
	// The resolved request: a place fills the longitude.
	sw := chartinput.SwitchesOf(r, cr.name, cr.doc.Options, cr.doc.Input.Lon != nil)
	v.ZiRuleURL = "/chart?" + sw.ZiRule
	if sw.TrueSolar != "" {
		v.TrueSolarURL = "/chart?" + sw.TrueSolar
	}
	v.LuckMethodURLs = make(map[string]string, len(sw.LuckMethod))
	for m, q := range sw.LuckMethod {
		v.LuckMethodURLs[m] = "/chart?" + q
	}
	v.CardURL = "/chart/card.svg?" + v.Query
	v.EditURL = "/chart/new?" + v.Query
	v.CompareURL = "/compatibility?" + url.Values{"a": {v.Query}}.Encode()

	if n, err := strconv.Atoi(c.Query("luck")); err == nil && n >= 1 && n <= 10 {
		v.SelectedLuck = n
	}
	if y, err := strconv.Atoi(c.Query("year")); err == nil {
		v.SelectedYear, v.LiuYue = y, h.liuYue(cr.doc.Chart, y)
	}
	return v
}

// liuYue lists the months of a ganzhi year with their ten gods.
func (h *ChartPage) liuYue(chart *bazi.Chart, year int) []views.LiuYueRow {
	months, ok := bazi.LiuYue(year)
	if !ok {
		return nil
	}
	now := h.now()
	rows := make([]views.LiuYueRow, len(months))
	for i, m := range months {
		g, _ := bazi.ParseGanZhi(m.GanZhi)
		rows[i] = views.LiuYueRow{
			GanZhi:  m.GanZhi,
			TenGod:  bazi.TenGodOf(chart.DayMaster.Stem, g.Stem()),
			Jie:     bazi.SolarTerm((2 + 2*i) % bazi.NumSolarTerms), // month 0 (寅) starts at 立春
			Start:   m.Start.Add(time.Duration(chart.SolarTime.StandardOffsetMinutes) * time.Minute).Format("01-02"),
			Current: !now.Before(m.Start) && now.Before(m.End),
		}
	}
	return rows
}

// Show is GET /chart?date=…&time=…&tz=…&gender=….
func (h *ChartPage) Show(c *fiber.Ctx) error {
	cr, ok, err := h.load(c)
	if !ok {
		return err
	}
	p := h.site.Page(c, "")
	v := h.view(c, cr)
	v.Save = saveControl(c, v)
	p.Title = chartTitle(p, v)
	return render(c, fiber.StatusOK, views.ChartPage(p, v))
}

// View computes req and builds the chart page's view of it, as GET /chart
// would (luck= and year= are read from the request's query). Saved and
// shared charts use it; a *bazi.FieldError means the input is refused.
func (h *ChartPage) View(c *fiber.Ctx, req chartinput.Request, name string) (views.ChartView, error) {
	doc, err := chartinput.Build(req, h.now())
	if err != nil {
		return views.ChartView{}, err
	}
	return h.view(c, chartRequest{req: req, name: name, doc: doc}), nil
}

// Luck is GET /chart/luck?…&luck=N: the years of one 大运 (htmx fragment).
func (h *ChartPage) Luck(c *fiber.Ctx) error {
	cr, ok, err := h.load(c)
	if !ok {
		return err
	}
	return render(c, fiber.StatusOK, views.LuckFragment(h.site.Page(c, ""), h.view(c, cr)))
}

// LiuYue is GET /chart/liuyue?…&year=Y: the months of one year (htmx fragment).
func (h *ChartPage) LiuYue(c *fiber.Ctx) error {
	cr, ok, err := h.load(c)
	if !ok {
		return err
	}
	v := h.view(c, cr)
	if len(v.LiuYue) == 0 {
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: "out_of_range", Field: "year", Message: fmt.Sprintf("year must be between %d and %d", bazi.MinYear, bazi.MaxYear)})
	}
	return render(c, fiber.StatusOK, views.LiuYueTable(h.site.Page(c, ""), v))
}

// Card is GET /chart/card.svg?…: a share image with the four pillars.
func (h *ChartPage) Card(c *fiber.Ctx) error {
	cr, ok, err := h.load(c)
	if !ok {
		return err
	}
	p := h.site.Page(c, "")
	v := h.view(c, cr)
	c.Set(fiber.HeaderContentType, "image/svg+xml; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	// The card is an image: no scripts may run in it even when opened directly.
	c.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	return views.ChartCard(p, v).Render(c.UserContext(), c.Response().BodyWriter())
}

func chartTitle(p views.Page, v views.ChartView) string {
	if v.Name != "" {
		return v.Name
	}
	return p.T("chart.title_for", v.Chart.Pillars.Year.Name+" "+v.Chart.Pillars.Month.Name+" "+v.Chart.Pillars.Day.Name)
}

// placeName shows a gazetteer entry in the reader's script.
func placeName(lang i18n.Lang, p *places.Place, typed string) string {
	if p == nil {
		return typed
	}
	switch {
	case lang == i18n.SimplifiedChinese && p.NameZhHans != "":
		return p.NameZhHans
	case lang == i18n.TraditionalChinese && p.NameZhHant != "":
		return p.NameZhHant
	}
	return p.Name
}
