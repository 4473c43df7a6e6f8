package handlers

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/reverseinput"
	"github.com/bazi-master/bazi-master/views"
)

// ReversePage is GET /reverse: four pillars in, the birth times that have
// them out, each linking to its chart; the page behind /api/v1/reverse.
type ReversePage struct{ site *Site }

// NewReversePage returns the reverse lookup page's handler.
func NewReversePage(site *Site) *ReversePage { return &ReversePage{site: site} }

// Show is GET /reverse[?year=…&month=…&day=…[&hour=…][&from=…&to=…]
// [&zi_rule=split][&gender=female]]: without pillars, the form; with
// them, the candidates (or, when there are none, the rule that rules the
// combination out). Bad fields get the form back (422) with the message
// next to each field, and nothing is looked up.
func (h *ReversePage) Show(c *fiber.Ctx) error {
	p := h.site.Page(c, "reverse.title")
	f := reverseinput.FromQuery(func(k string) string { return c.Query(k) })
	v := views.ReverseData{Form: views.ReverseForm{Year: f.Year, Month: f.Month, Day: f.Day, Hour: f.Hour,
		From: f.From, To: f.To, ZiRule: f.ZiRule, Gender: f.Gender}}
	if !f.Given() {
		return render(c, fiber.StatusOK, views.ReversePage(p, v))
	}
	req, errs := f.Parse()
	if len(errs) > 0 {
		v.Form.Errors = map[string]string{}
		for _, e := range errs {
			if _, dup := v.Form.Errors[e.Field]; !dup {
				v.Form.Errors[e.Field] = p.T("reverse.error."+e.Code, e.Args...)
			}
		}
		return render(c, fiber.StatusUnprocessableEntity, views.ReversePage(p, v))
	}
	matches, err := bazi.ReverseLookup(req.Pillars, req.From, req.To, req.Zi)
	if err != nil {
		// Parse keeps the range within the engine's: this is a bug.
		return err
	}
	v.Searched = true
	v.Pillars = reversePillars(req.Pillars)
	v.Range = p.T("reverse.result.range", req.From, req.To)
	v.Share = "/reverse?" + req.Query()
	if len(matches) > maxReverseMatches {
		matches, v.Truncated = matches[:maxReverseMatches], true
	}
	for _, m := range matches {
		cand := reverseinput.CandidateOf(req, m)
		v.Candidates = append(v.Candidates, views.ReverseCandidate{
			Start: wallText(m.Start), End: wallText(m.End), FullDay: cand.FullDay,
			Birth: strings.TrimSpace(cand.Date + " " + cand.Time), Href: "/chart?" + cand.ChartQuery(req),
		})
	}
	if len(matches) == 0 {
		why := reverseinput.Explain(req)
		v.Why = p.T("reverse.why."+why.Code, why.Args...)
		switch why.Code {
		case "wu_hu_dun":
			v.RuleTerm, v.Rhyme = "wu_hu_dun", p.T("reverse.rhyme.hu."+strconv.Itoa(why.Line))
		case "wu_shu_dun", "wu_shu_dun_split":
			v.RuleTerm, v.Rhyme = "wu_shu_dun", p.T("reverse.rhyme.shu."+strconv.Itoa(why.Line))
		}
	}
	return render(c, fiber.StatusOK, views.ReversePage(p, v))
}

// reversePillars writes the pillars looked up, year first: "戊辰 甲寅 辛丑 戊子".
func reversePillars(ps bazi.Pillars) string {
	s := ps.Year.String() + " " + ps.Month.String() + " " + ps.Day.String()
	if ps.HasHour {
		s += " " + ps.Hour.String()
	}
	return s
}

// wallText writes a Beijing wall time as YYYY-MM-DD HH:MM, with seconds
// only when a 节's instant gives it some.
func wallText(w bazi.Wall) string {
	y, mo, d := w.Date()
	h, mi, s := w.Clock()
	out := strconv.Itoa(y) + "-" + two(mo) + "-" + two(d) + " " + two(h) + ":" + two(mi)
	if s != 0 {
		out += ":" + two(s)
	}
	return out
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
