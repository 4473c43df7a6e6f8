package handlers

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/astroinput"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/views"
)

// Synastry is GET /astrology/synastry?a=<chart query or link>&b=<…>: the
// aspects between the two natal charts and the score broken down into
// parts as on the compatibility page. With neither given it shows the
// form; a field that does not compute gets its message next to it (422).
func (h *AstroMore) Synastry(c *fiber.Ctx) error {
	p := h.site.Page(c, "astrosyn.title")
	p.NoIndex = true
	a, b := c.Query("a"), c.Query("b")
	v := views.AstroSynastryView{A: a, B: b, Errors: map[string]string{}}
	if strings.TrimSpace(a) == "" && strings.TrimSpace(b) == "" {
		return render(c, fiber.StatusOK, views.AstroSynastryPage(p, v))
	}
	if strings.TrimSpace(b) == "" {
		// Started from a natal chart's page: person A is filled in, the
		// form asks for person B (A is checked, so a bad link says so).
		if _, _, ea := h.synChart(p, a); ea != "" {
			v.Errors["a"] = ea
			return render(c, fiber.StatusUnprocessableEntity, views.AstroSynastryPage(p, v))
		}
		return render(c, fiber.StatusOK, views.AstroSynastryPage(p, v))
	}
	ca, na, ea := h.synChart(p, a)
	cb, nb, eb := h.synChart(p, b)
	if ea != "" {
		v.Errors["a"] = ea
	}
	if eb != "" {
		v.Errors["b"] = eb
	}
	if len(v.Errors) > 0 {
		return render(c, fiber.StatusUnprocessableEntity, views.AstroSynastryPage(p, v))
	}
	r := astro.Synastry(ca.Chart, cb.Chart)
	v.NameA, v.NameB = na, nb
	if v.NameA == "" {
		v.NameA = p.T("astrosyn.person.a")
	}
	if v.NameB == "" {
		v.NameB = p.T("astrosyn.person.b")
	}
	v.Overall = r.Overall
	for _, part := range r.Parts {
		pv := views.AstroSynPart{Key: part.Key, Title: p.T("astrosyn.part." + part.Key), Rule: p.T("astrosyn.part." + part.Key + ".rule"),
			Score: part.Score, Weight: part.Weight}
		for _, ru := range part.Rules {
			pv.Rules = append(pv.Rules, p.T("astrosyn.rule", synPoint(p, v.NameA, ru.Aspect.A), p.T("astrotransit.aspect."+ru.Aspect.Kind.String()),
				synPoint(p, v.NameB, ru.Aspect.B), orbText(ru.Aspect.Orb), signed(ru.Points)))
		}
		v.Parts = append(v.Parts, pv)
	}
	for _, asp := range r.Aspects {
		v.Rows = append(v.Rows, views.AstroSynRow{
			A: p.T("astrotransit.point." + asp.A.String()), B: p.T("astrotransit.point." + asp.B.String()),
			Aspect: p.T("astrotransit.aspect." + asp.Kind.String()), Kind: asp.Kind.String(), Orb: orbText(asp.Orb),
		})
	}
	v.CompatURL = "/compatibility?" + url.Values{"a": {ca.Request.ChartQuery(na)}, "b": {cb.Request.ChartQuery(nb)}}.Encode()
	return render(c, fiber.StatusOK, views.AstroSynastryPage(p, v))
}

// synChart computes one person's chart from a chart query or link; the
// message is the translated refusal ("" when it computes).
func (h *AstroMore) synChart(p views.Page, raw string) (*astroinput.Chart, string, string) {
	q := chartinput.LinkQuery(raw)
	if q == "" {
		return nil, "", p.T("astrosyn.error.missing")
	}
	req, name, err := astroinput.ParseQuery(q)
	if err == nil {
		var ch *astroinput.Chart
		if ch, err = astroinput.Build(req, h.now()); err == nil {
			return ch, name, ""
		}
	}
	var fe *bazi.FieldError
	if errors.As(err, &fe) {
		return nil, name, p.T("astrosyn.error.field", p.T("astrotransit.field."+astroField(fe.Field)), h.fieldText(p, fe))
	}
	return nil, name, p.T("astrosyn.error.query")
}

// synPoint is "Ada's Venus".
func synPoint(p views.Page, who string, t astro.Target) string {
	return p.T("astrosyn.whose", who, p.T("astrotransit.point."+t.String()))
}

func signed(n int) string {
	if n > 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
