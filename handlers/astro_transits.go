package handlers

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/astroinput"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/views"
)

// AstroMore serves the astrology pages built on a natal chart: the day's
// transits (GET /astrology/transits) and the synastry of two charts (GET
// /astrology/synastry). Both are recomputed on every request from the URL,
// which is all their state: bookmarkable and shareable as they are.
type AstroMore struct {
	site *Site
	now  func() time.Time
	// ReadingLeft, when set, is what is left of the visitor's daily
	// readings (nil: nothing to show).
	ReadingLeft func(c *fiber.Ctx) *views.ReadingAllowance
}

// NewAstroMore returns the transits and synastry pages.
func NewAstroMore(site *Site, now func() time.Time) *AstroMore {
	if now == nil {
		now = time.Now
	}
	return &AstroMore{site: site, now: now}
}

// Transits is GET /astrology/transits?<birth query>&day=YYYY-MM-DD: the
// transiting planets' aspects to the natal chart at local noon of the day
// (today on the birthplace's calendar when day is absent), each with the
// date it is exact, and a reading panel posting topic astro with the
// canonical query, day included: the desk reads a query with a day as a
// transit reading. A bad day is shown next to the day picker (422); bad
// birth data on an error page naming the field (422).
func (h *AstroMore) Transits(c *fiber.Ctx) error {
	p := h.site.Page(c, "astrotransit.title")
	if len(c.Request().URI().QueryString()) == 0 {
		return c.Redirect("/astrology", fiber.StatusSeeOther)
	}
	req, name, ferr := astroinput.FromQuery(func(k string) string { return c.Query(k) })
	if ferr != nil {
		return h.refuse(c, p, ferr)
	}
	dayErr := ""
	typedDay := req.Day
	if req.Day != "" {
		if _, err := parseTransitDay(req.Day); err != nil {
			dayErr = p.T("astrotransit.error.day")
			req.Day = ""
		}
	}
	natalReq := req
	natalReq.Day = ""
	ch, err := astroinput.Build(natalReq, h.now())
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			return h.refuse(c, p, fe)
		}
		return fmt.Errorf("compute astrology chart: %w", err)
	}
	loc := ch.Input.Location
	if loc == nil {
		loc = time.UTC
	}
	day := h.now().In(loc)
	if req.Day != "" {
		d, _ := parseTransitDay(req.Day)
		day = time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, loc)
	}
	tr, err := astro.Transits(ch.Chart, day, loc)
	if err != nil {
		dayErr = p.T("astrotransit.error.day")
		day = h.now().In(loc)
		if tr, err = astro.Transits(ch.Chart, day, loc); err != nil {
			return fmt.Errorf("transits: %w", err)
		}
	}
	v := h.transitsView(p, ch, name, &tr)
	v.DayError = dayErr
	if dayErr != "" {
		v.DayTyped = typedDay
	}
	if h.ReadingLeft != nil {
		v.ReadingLeft = h.ReadingLeft(c)
	}
	status := fiber.StatusOK
	if dayErr != "" {
		status = fiber.StatusUnprocessableEntity
	}
	p.NoIndex = true
	if name != "" {
		p.Title = name + " · " + p.T("astrotransit.title")
	}
	return render(c, status, views.AstroTransitsPage(p, v))
}

// parseTransitDay reads YYYY-MM-DD within the ephemeris's years.
func parseTransitDay(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil || len(strings.TrimSpace(s)) != 10 {
		return time.Time{}, errors.New("bad day")
	}
	if t.Year() < 1800 || t.Year() > 2200 {
		return time.Time{}, errors.New("day out of range")
	}
	return t, nil
}

func (h *AstroMore) refuse(c *fiber.Ctx, p views.Page, fe *bazi.FieldError) error {
	msg := p.T("astrotransit.error.field", p.T("astrotransit.field."+astroField(fe.Field)), h.fieldText(p, fe))
	return render(c, fiber.StatusUnprocessableEntity, views.ErrorPage(p, fiber.StatusUnprocessableEntity, p.T("astrotransit.title"), msg))
}

// fieldText translates a field error as the birth form does (the
// engine's English message when no translation fits).
func (h *AstroMore) fieldText(p views.Page, fe *bazi.FieldError) string {
	for _, key := range []string{"error.field." + fe.Field + "." + fe.Code, "form.error." + fe.Field + "." + fe.Code} {
		if h.site.I18n.Has(key) {
			return p.T(key)
		}
	}
	return fe.Message
}

// astroField is the locale key of a refused field (birth fields by name,
// anything else as "input").
func astroField(f string) string {
	switch f {
	case "date", "time", "tz", "lat", "lon", "place", "house_system", "day":
		return f
	}
	return "input"
}

// transitsView builds the page of a chart's transits.
func (h *AstroMore) transitsView(p views.Page, ch *astroinput.Chart, name string, tr *astro.TransitReport) views.AstroTransitsView {
	day := tr.Day.Format("2006-01-02")
	base := ch.Request
	base.Day = ""
	v := views.AstroTransitsView{
		Name:     name,
		Day:      day,
		ChartURL: "/astrology?" + base.Query(name),
		PrevURL:  "/astrology/transits?" + withDay(base, name, tr.Day.AddDate(0, 0, -1)),
		NextURL:  "/astrology/transits?" + withDay(base, name, tr.Day.AddDate(0, 0, 1)),
		Query:    withDay(base, name, tr.Day),
		HasTime:  ch.Chart.HasAngles,
		Zone:     tr.Day.Location().String(),
	}
	for k, val := range transitHidden(base, name) {
		v.Hidden = append(v.Hidden, views.AstroHidden{Name: k, Value: val})
	}
	sortHidden(v.Hidden)
	v.Sun = p.T("astrotransit.sign." + tr.Sky[astro.Sun].Sign.String())
	v.Moon = p.T("astrotransit.sign." + tr.Sky[astro.Moon].Sign.String())
	for _, a := range tr.Aspects {
		row := views.AstroTransitRow{
			Transit: p.T("astrotransit.body." + a.Transit.String()),
			Aspect:  p.T("astrotransit.aspect." + a.Kind.String()),
			Natal:   p.T("astrotransit.point." + a.Natal.String()),
			Kind:    a.Kind.String(),
			Orb:     orbText(a.Orb),
			Slow:    a.Transit >= astro.Jupiter,
		}
		if a.Applying {
			row.State = p.T("astrotransit.applying")
		} else {
			row.State = p.T("astrotransit.separating")
		}
		if a.Retrograde {
			row.Retro = p.T("astrotransit.retrograde")
		}
		if a.HasExact {
			row.Exact = a.Exact.In(tr.Day.Location()).Format("2006-01-02")
		} else {
			row.Exact = p.T("astrotransit.exact.none")
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// withDay is the canonical query of the chart with day set.
func withDay(r astroinput.Request, name string, d time.Time) string {
	r.Day = d.Format("2006-01-02")
	return r.Query(name)
}

// transitHidden are the birth parameters the day form carries along.
func transitHidden(r astroinput.Request, name string) map[string]string {
	vals, _ := url.ParseQuery(r.Query(name))
	out := map[string]string{}
	for k, vs := range vals {
		if k != "day" && len(vs) > 0 {
			out[k] = vs[0]
		}
	}
	return out
}

func sortHidden(hs []views.AstroHidden) {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Name < hs[j-1].Name; j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

// orbText writes an orb in degrees and minutes: 1°05′.
func orbText(orb float64) string {
	m := int(math.Round(orb * 60))
	return strconv.Itoa(m/60) + "°" + fmt.Sprintf("%02d", m%60) + "′"
}

// DailyTransits is the daily page's small transits section for a chart
// request: the three tightest transits on the page's date (that calendar
// date, at noon in the birthplace's zone) and the link to the full page;
// nil when the chart does not compute.
func DailyTransits(p views.Page, cr chartinput.Request, name string, date, now time.Time) *views.DailyTransits {
	ch, err := astroinput.Build(astroinput.Request{Request: cr}, now)
	if err != nil {
		return nil
	}
	loc := ch.Input.Location
	if loc == nil {
		loc = time.UTC
	}
	tr, err := astro.Transits(ch.Chart, time.Date(date.Year(), date.Month(), date.Day(), 12, 0, 0, 0, loc), loc)
	if err != nil {
		return nil
	}
	base := ch.Request
	base.Day = ""
	d := &views.DailyTransits{URL: "/astrology/transits?" + withDay(base, name, tr.Day), Day: tr.Day.Format("2006-01-02")}
	for i, a := range tr.Aspects {
		if i == 3 {
			break
		}
		line := p.T("astrotransit.daily.line", p.T("astrotransit.body."+a.Transit.String()), p.T("astrotransit.aspect."+a.Kind.String()),
			p.T("astrotransit.point."+a.Natal.String()), orbText(a.Orb))
		if a.HasExact {
			line += " " + p.T("astrotransit.daily.exact", a.Exact.In(loc).Format("2006-01-02"))
		}
		d.Lines = append(d.Lines, line)
	}
	return d
}
