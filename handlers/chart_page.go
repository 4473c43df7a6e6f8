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
	"github.com/bazi-master/bazi-master/internal/localdate"
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
	// ReadingLeft, when set, is what is left of the visitor's daily
	// readings, shown on the reading panel (nil: nothing to show).
	ReadingLeft func(c *fiber.Ctx) *views.ReadingAllowance
	// PortraitPanel, when set, adds to the soul portrait card what is not
	// drawn from the chart alone (Portraits.Panel).
	PortraitPanel func(c *fiber.Ctx, v *views.ChartView)
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
	cr, fe, err := h.compute(c)
	if fe != nil {
		return cr, false, h.form.RenderForm(c, fiber.StatusUnprocessableEntity, cr.req, cr.name, fe)
	}
	return cr, err == nil, err
}

// compute parses the query and computes the chart; refused input comes
// back as fe, with cr holding the request as read.
func (h *ChartPage) compute(c *fiber.Ctx) (cr chartRequest, fe *bazi.FieldError, err error) {
	req, name, ferr := chartinput.FromQuery(func(k string) string { return c.Query(k) })
	cr = chartRequest{req: req, name: name}
	if ferr != nil {
		return cr, ferr, nil
	}
	doc, err := chartinput.Build(req, h.now())
	if err != nil {
		if errors.As(err, &fe) {
			return cr, fe, nil
		}
		return cr, nil, fmt.Errorf("compute chart: %w", err)
	}
	if h.Computed != nil {
		h.Computed()
	}
	cr.doc = doc
	return cr, nil, nil
}

// view builds what the chart views show, with every switch link prepared.
func (h *ChartPage) view(c *fiber.Ctx, cr chartRequest) views.ChartView {
	r := cr.req
	lang := Lang(c)
	st := &cr.doc.Chart.SolarTime
	place, found := chartinput.PlaceOf(r, cr.doc)
	v := views.ChartView{
		Chart:         cr.doc.Chart,
		Name:          cr.name,
		PlaceName:     placeName(lang, place, r.Place),
		Query:         r.Query(cr.name),
		ZoneLabel:     zoneLabel(h.site.I18n, lang, st.TZ, st.UTCOffsetMinutes),
		ZoneFromPlace: place != nil && place.TZ == st.TZ,
		ZoneAbbr:      zoneAbbr(st.Zone),
	}
	y, m, d := st.Clock.Date()
	v.BirthDate = localdate.Birth(lang, st.TZ, y, m, d)
	if !found {
		v.PlaceName = h.site.I18n.T(lang, "chartlink.place_unresolved", v.PlaceName)
	}
	// A county the gazetteer has only at its prefecture's seat: say so when
	// that longitude is the one true solar time was read at.
	v.PlaceApprox = place != nil && place.Approx && st.TrueSolar != nil &&
		cr.doc.Input.Lon != nil && *cr.doc.Input.Lon == place.Lon
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
	// The share image is the PNG card link previews use: phones and
	// messengers open and forward a PNG, where an SVG download often is not.
	v.CardURL = "/chart/card.png?" + v.Query + "&lang=" + url.QueryEscape(string(lang))
	v.EditURL = "/chart/new?" + v.Query
	v.CompareURL = "/compatibility?" + url.Values{"a": {v.Query}}.Encode()
	if cr.doc.Options.TimeKnown {
		v.ZiweiURL = "/ziwei?" + v.Query // the board needs the hour
	}
	v.AstroURL = "/astrology?" + v.Query
	v.OverviewURL = "/overview?" + v.Query

	if n, err := strconv.Atoi(c.Query("luck")); err == nil && n >= 1 && n <= 10 {
		v.SelectedLuck = n
	}
	if y, err := strconv.Atoi(c.Query("year")); err == nil {
		v.SelectedYear, v.LiuYue = y, h.liuYue(cr.doc.Chart, y)
		if v.SelectedLuck == 0 {
			// A year opened without its 大运 (the months fragment's links)
			// opens the 大运 it belongs to, so its page shows that year.
			v.SelectedLuck = luckOfYear(cr.doc.Chart, y)
		}
	}
	h.drill(c, lang, cr.doc.Chart, &v)
	return v
}

// luckOfYear is the index (1–10) of the 大运 holding year y, 0 for none.
func luckOfYear(chart *bazi.Chart, y int) int {
	for i := range chart.Luck.Pillars {
		if p := &chart.Luck.Pillars[i]; int(p.StartYear) <= y && y <= int(p.EndYear) {
			return i + 1
		}
	}
	return 0
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
	h.readingLeft(c, &v)
	h.portraitPanel(c, &v)
	p.Title = chartTitle(p, v)
	_, title, desc := chartShare(h.site.shareText(p.Lang), cr.doc.Chart, cr.name)
	h.site.shareMeta(c, &p, "/chart/card.png?"+v.Query, title, desc)
	return render(c, drillStatus(&v, fiber.StatusOK), views.ChartPage(p, v))
}

// readingLeft fills v.ReadingLeft for the reading panel.
func (h *ChartPage) readingLeft(c *fiber.Ctx, v *views.ChartView) {
	if h.ReadingLeft != nil && !v.Shared {
		v.ReadingLeft = h.ReadingLeft(c)
	}
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
// N must name one of the chart's luck pillars.
func (h *ChartPage) Luck(c *fiber.Ctx) error {
	cr, ok, err := h.load(c)
	if !ok {
		return err
	}
	p := h.site.Page(c, "")
	n, nerr := strconv.Atoi(c.Query("luck"))
	if last := len(cr.doc.Chart.Luck.Pillars); nerr != nil || n < 1 || n > last {
		return fragmentError(c, p, p.T("chartlink.luck_range", 1, last))
	}
	return render(c, fiber.StatusOK, views.LuckFragment(p, h.view(c, cr)))
}

// LiuYue is GET /chart/liuyue?…&year=Y: the months of one year (htmx fragment).
func (h *ChartPage) LiuYue(c *fiber.Ctx) error {
	cr, ok, err := h.load(c)
	if !ok {
		return err
	}
	v := h.view(c, cr)
	p := h.site.Page(c, "")
	if len(v.LiuYue) == 0 {
		return fragmentError(c, p, p.T("chartlink.year_range", bazi.MinYear, bazi.MaxYear))
	}
	return render(c, fiber.StatusOK, views.LiuYueTable(p, v))
}

// drillStatus is 400 when the page's month= or day= was refused (the page
// says why where the drill-down would open), else status.
func drillStatus(v *views.ChartView, status int) int {
	if v.DrillError != "" {
		return fiber.StatusBadRequest
	}
	return status
}

// fragmentError refuses a fragment request: htmx gets the message as the
// fragment (a 200, since htmx 2 does not swap 4xx answers), a plain
// request an error page (or the API's JSON error) with 400.
func fragmentError(c *fiber.Ctx, p views.Page, msg string) error {
	if isHTMX(c) {
		return render(c, fiber.StatusOK, views.ReadingNotice(msg, "fragment-error"))
	}
	return fiber.NewError(fiber.StatusBadRequest, msg)
}

// Card is GET /chart/card.svg?…: a share image with the four pillars.
// Refused input answers 400 with an image that says why, so an <img> or a
// link preview shows the reason instead of failing to decode a page.
func (h *ChartPage) Card(c *fiber.Ctx) error {
	cr, fe, err := h.compute(c)
	if err != nil {
		return err
	}
	p := h.site.Page(c, "")
	c.Set(fiber.HeaderContentType, "image/svg+xml; charset=utf-8")
	// The card is an image: no scripts may run in it even when opened directly.
	c.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	if fe != nil {
		c.Set(fiber.HeaderCacheControl, "no-store")
		c.Status(fiber.StatusBadRequest)
		return views.ChartCardError(p, h.form.errorText(p, fe)).Render(c.UserContext(), c.Response().BodyWriter())
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return views.ChartCard(p, h.view(c, cr)).Render(c.UserContext(), c.Response().BodyWriter())
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
