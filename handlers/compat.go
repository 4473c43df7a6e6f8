package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// CompatCharts is what the compatibility page needs of the saved charts:
// the signed-in user's own charts, for the pickers.
type CompatCharts interface {
	ForExport(ctx context.Context, userID int64, ids []int64) ([]models.SavedChart, error)
}

// CompatDeps are the compatibility page's dependencies.
type CompatDeps struct {
	Charts CompatCharts // nil: no saved-chart pickers
	Now    func() time.Time
}

// Compat serves GET /compatibility: two charts (each a chart query, as in
// the chart page's URL) and their compatibility report. The URL holds
// both inputs, so the page is bookmarkable and shareable as it is; no
// share token is stored.
type Compat struct {
	site *Site
	deps CompatDeps
}

// NewCompat returns the compatibility handler.
func NewCompat(site *Site, deps CompatDeps) *Compat {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	return &Compat{site: site, deps: deps}
}

// compatMaxSaved bounds the pickers' lists.
const compatMaxSaved = 200

// compatQuery returns the chart query of a field that holds a chart URL
// ("https://…/chart?date=…") or the query itself.
func compatQuery(s string) string { return chartinput.LinkQuery(s) }

// Show is GET /compatibility?a=<chart query>&b=<chart query>. A saved
// chart picked in a select (a_saved, b_saved), or a person entered by the
// birth-data fields (a_date, a_time, a_time_unknown, a_place, a_gender and
// the same with b_), replaces the text field and the browser is sent (303)
// to the canonical URL holding both queries; bad fields get the page back
// (422) with the message next to the field and the input kept.
func (h *Compat) Show(c *fiber.Ctx) error {
	a, b := c.Query("a"), c.Query("b")
	fa, fb := compatFieldsOf(c, "a"), compatFieldsOf(c, "b")
	if sa, sb := c.Query("a_saved"), c.Query("b_saved"); sa != "" || sb != "" || fa.Given() || fb.Given() {
		// Each person comes from, in this order: a picked saved chart, the
		// birth-data fields, the chart link.
		p := h.site.Page(c, "compat.title")
		errs := map[string]string{}
		var msgs []string
		pick := func(who, saved, raw string, f views.CompatFields) string {
			if saved != "" {
				return compatQuery(saved)
			}
			if !f.Given() {
				return compatQuery(raw)
			}
			q, field, msg := h.fieldsQuery(p, c, who)
			if msg != "" {
				errs[who+"_"+field] = msg
				msgs = append(msgs, msg)
			}
			return q
		}
		qa := pick("a", sa, a, fa)
		qb := pick("b", sb, b, fb)
		if len(msgs) == 0 {
			return c.Redirect("/compatibility?"+url.Values{"a": {qa}, "b": {qb}}.Encode(), fiber.StatusSeeOther)
		}
		v := views.CompatView{A: a, B: b, FieldsA: fa, FieldsB: fb, FieldErrors: errs, Errors: msgs}
		h.addSaved(c, &v)
		return render(c, fiber.StatusUnprocessableEntity, views.CompatPage(p, v))
	}
	p := h.site.Page(c, "compat.title")
	v := views.CompatView{A: a, B: b}
	h.addSaved(c, &v)
	if strings.TrimSpace(a) == "" && strings.TrimSpace(b) == "" {
		return render(c, fiber.StatusOK, views.CompatPage(p, v))
	}
	now := h.deps.Now()
	// One person and no field at all for the other (the "Compare" link of a
	// chart page): that person is checked and the form asks for the rest. A
	// submitted form always carries both fields, so an empty one there is
	// still an error.
	if args := c.Request().URI().QueryArgs(); !args.Has("a") || !args.Has("b") {
		for _, given := range [][2]string{{"A", a}, {"B", b}} {
			if strings.TrimSpace(given[1]) == "" {
				continue
			}
			if _, _, e := h.chart(p, given[0], given[1], now); e != "" {
				v.Errors = append(v.Errors, e)
			}
		}
		status := fiber.StatusOK
		if len(v.Errors) > 0 {
			status = fiber.StatusUnprocessableEntity
		}
		return render(c, status, views.CompatPage(p, v))
	}
	docA, nameA, errA := h.chart(p, "A", a, now)
	docB, nameB, errB := h.chart(p, "B", b, now)
	for _, e := range []string{errA, errB} {
		if e != "" {
			v.Errors = append(v.Errors, e)
		}
	}
	if len(v.Errors) > 0 {
		return render(c, fiber.StatusUnprocessableEntity, views.CompatPage(p, v))
	}
	rep := bazi.Compatibility(docA.Chart, docB.Chart)
	v.Report = h.reportView(p, &rep, docA.Chart, docB.Chart, nameA, nameB)
	v.Report.QueryA, v.Report.QueryB = compatQuery(a), compatQuery(b)
	_, title, desc := compatShare(h.site.shareText(p.Lang), docA.Chart, docB.Chart, nameIfGiven(a), nameIfGiven(b))
	h.site.shareMeta(c, &p, "/compatibility/card.png?"+url.Values{"a": {compatQuery(a)}, "b": {compatQuery(b)}}.Encode(), title, desc)
	return render(c, fiber.StatusOK, views.CompatPage(p, v))
}

// addSaved fills in the signed-in user's saved charts for the pickers and
// describes a chart that came in by link (the chart page's "Compare").
func (h *Compat) addSaved(c *fiber.Ctx, v *views.CompatView) {
	v.LinkedA, v.LinkedB = compatLinkLabel(v.A), compatLinkLabel(v.B)
	if u := CurrentUser(c); u != nil && h.deps.Charts != nil {
		v.SignedIn = true
		// The report needs no database: when the saved charts cannot be
		// read, the page still works and says the pickers are missing.
		saved, err := h.deps.Charts.ForExport(c.UserContext(), u.ID, nil)
		if err != nil {
			v.SavedUnavailable = true
		}
		if len(saved) > compatMaxSaved {
			saved = saved[len(saved)-compatMaxSaved:]
		}
		for _, sc := range saved {
			r, err := chartstore.Request(&sc)
			if err != nil {
				continue
			}
			q := r.Query(sc.Name)
			v.Saved = append(v.Saved, views.CompatOption{Label: sc.Name + " · " + sc.Pillars, Query: q,
				PickedA: q == compatQuery(v.A), PickedB: q == compatQuery(v.B)})
		}
	}
}

// compatLinkLabel is how a chart given by link is named on the form: its
// name, date and time as in its query; "" when there is none or it cannot
// be read (the error says so).
func compatLinkLabel(raw string) string {
	q := compatQuery(raw)
	if q == "" {
		return ""
	}
	req, name, err := chartinput.ParseQuery(q)
	if err != nil || req.Date == "" {
		return ""
	}
	return joinNonEmpty(" · ", name, joinNonEmpty(" ", req.Date, req.Time), firstNonEmpty(req.Place, req.TZ))
}

// compatVerdict names the band of an overall score: 50 is neutral (every
// part starts there), so a pair well above it is harmonious and one well
// below it challenging.
func compatVerdict(overall int) string {
	switch {
	case overall >= 65:
		return "harmonious"
	case overall >= 45:
		return "workable"
	}
	return "challenging"
}

// compatFieldsOf reads one person's birth-data fields (who_date, who_time,
// who_time_unknown, who_place, who_gender) as typed.
func compatFieldsOf(c *fiber.Ctx, who string) views.CompatFields {
	return views.CompatFields{
		Date:        c.Query(who + "_date"),
		Time:        c.Query(who + "_time"),
		TimeUnknown: chartinput.IsOn(c.Query(who + "_time_unknown")),
		Place:       c.Query(who + "_place"),
		Gender:      strings.ToLower(strings.TrimSpace(c.Query(who + "_gender"))),
	}
}

// fieldsQuery builds one person's chart query from their birth-data
// fields. A refusal is a translated message naming the person and the
// field, and the field (date, time, place or gender) it is shown next to.
func (h *Compat) fieldsQuery(p views.Page, c *fiber.Ctx, who string) (query, field, msg string) {
	args := func(k string) string { return c.Query(who + "_" + k) }
	req, name, err := chartinput.FromForm(args)
	if err == nil {
		return req.Query(name), "", ""
	}
	person := p.T("compat.person." + who)
	var fe *bazi.FieldError
	if !errors.As(err, &fe) {
		return "", "date", p.T("compat.error.unreadable", person)
	}
	switch fe.Field {
	case "date", "time", "place", "gender":
		field = fe.Field
	case "tz", "lon", "lat":
		field = "place"
	case "time_unknown":
		field = "time"
	default:
		field = "date"
	}
	return "", field, p.T("compat.error.field", person, h.fieldLabel(p, fe.Field), h.errorText(p, fe))
}

// chart parses and computes one person's chart; a refusal is a translated
// message naming the person and the field.
func (h *Compat) chart(p views.Page, who, raw string, now time.Time) (*chartinput.Document, string, string) {
	person := p.T("compat.person." + strings.ToLower(who))
	q := compatQuery(raw)
	if q == "" {
		return nil, "", p.T("compat.error.missing", person)
	}
	chart, err := chartinput.Open(q, now)
	if err != nil {
		var fe *bazi.FieldError
		if !errors.As(err, &fe) {
			return nil, "", p.T("compat.error.unreadable", person)
		}
		return nil, "", p.T("compat.error.field", person, h.fieldLabel(p, fe.Field), h.errorText(p, fe))
	}
	name := chart.Name
	if name == "" {
		name = person
	}
	return chart.Document, name, ""
}

func (h *Compat) fieldLabel(p views.Page, field string) string {
	for _, key := range []string{"form." + field + ".label", "form." + field + ".legend"} {
		if h.site.I18n.Has(key) {
			return p.T(key)
		}
	}
	return field
}

func (h *Compat) errorText(p views.Page, fe *bazi.FieldError) string {
	for _, key := range []string{"error.field." + fe.Field + "." + fe.Code, "form.error." + fe.Field + "." + fe.Code} {
		if h.site.I18n.Has(key) {
			return p.T(key)
		}
	}
	return fe.Message
}

// reportView translates the engine's report for the page.
func (h *Compat) reportView(p views.Page, rep *bazi.CompatReport, a, b *bazi.Chart, nameA, nameB string) *views.CompatReportView {
	pillar := func(k string) string {
		if k == "" {
			return ""
		}
		return p.T("compat.pillar." + k)
	}
	verdict := compatVerdict(rep.Overall)
	v := &views.CompatReportView{
		Overall:     rep.Overall,
		Verdict:     p.T("compat.verdict." + verdict),
		VerdictKey:  verdict,
		VerdictLead: p.T("compat.verdict." + verdict + ".lead"),
		NameA:       nameA,
		NameB:       nameB,
		DayA:        a.FourPillars.Day.String(),
		DayB:        b.FourPillars.Day.String(),
		PillarsA:    compatPillars(p, a),
		PillarsB:    compatPillars(p, b),
	}
	var best, worst *bazi.CompatPart
	for i := range rep.Parts {
		part := &rep.Parts[i]
		if best == nil || part.Score > best.Score {
			best = part
		}
		if worst == nil || part.Score < worst.Score {
			worst = part
		}
	}
	if best != nil && best != worst {
		v.VerdictReason = p.T("compat.verdict.reason", p.T("compat.part."+best.Key), best.Score, p.T("compat.part."+worst.Key), worst.Score)
	}
	for _, part := range rep.Parts {
		pv := views.CompatPartView{
			Key:    part.Key,
			Title:  p.T("compat.part." + part.Key),
			Rule:   p.T("compat.part." + part.Key + ".rule"),
			Score:  part.Score,
			Weight: part.Weight,
		}
		for _, r := range part.Rules {
			key := "compat.rule." + r.Code
			text := r.Text
			if h.site.I18n.Has(key) {
				text = p.T(key, pillar(r.PillarA), pillar(r.PillarB), r.Chars, r.Value, fmt.Sprintf("%+d", r.Points), r.CharA, r.CharB)
			}
			pv.Rules = append(pv.Rules, views.CompatRuleView{Text: text, Points: r.Points, Code: r.Code})
		}
		if part.Key == "luck" {
			for _, yr := range rep.BothFavourable {
				pv.Details = append(pv.Details, strconv.Itoa(yr.From)+"–"+strconv.Itoa(yr.To))
			}
			if len(pv.Details) == 0 {
				pv.Details = []string{p.T("compat.luck.none")}
			}
		}
		v.Parts = append(v.Parts, pv)
	}
	return v
}

// compatPillars are a chart's four pillars for the side-by-side view; an
// unknown hour says so.
func compatPillars(p views.Page, c *bazi.Chart) []views.CompatPillar {
	fp := c.FourPillars
	hour := fp.Hour.String()
	if !fp.HasHour {
		hour = ""
	}
	return []views.CompatPillar{
		{Label: p.T("compat.pillar.year"), GanZhi: fp.Year.String()},
		{Label: p.T("compat.pillar.month"), GanZhi: fp.Month.String()},
		{Label: p.T("compat.pillar.day"), GanZhi: fp.Day.String()},
		{Label: p.T("compat.pillar.hour"), GanZhi: hour, Unknown: p.T("compat.charts.time_unknown")},
	}
}
