package reading

import (
	"fmt"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
)

// compatibility writes the built-in reading of a pair: the heading, both
// day masters and the overall score, one paragraph per part of
// bazi.Compatibility listing its rules (in the words of the compatibility
// page), and a closing note.
func (w *builtinWriter) compatibility(a, b *bazi.Chart, nameA, nameB string) {
	rep := bazi.Compatibility(a, b)
	nameA = w.personName(nameA, "compat.person.a")
	nameB = w.personName(nameB, "compat.person.b")
	w.sb.WriteString(w.t("label") + "\n\n")
	w.heading(w.cat.T(w.lang, "compat.report.title", nameA, nameB))
	band := "compat.band.low"
	switch {
	case rep.Overall >= 70:
		band = "compat.band.high"
	case rep.Overall >= 50:
		band = "compat.band.mid"
	}
	w.para(w.t("compat.dm", nameA, w.dmText(a), nameB, w.dmText(b)),
		w.t("compat.overall", rep.Overall), w.t(band))
	for _, part := range rep.Parts {
		w.compatPart(part)
	}
	w.heading(w.t("close.h"))
	w.para(w.t("compat.close"))
}

// compatPart writes one part of a compatibility report: its heading, score
// and the rules that produced it.
func (w *builtinWriter) compatPart(part bazi.CompatPart) {
	pillar := func(k string) string {
		if k == "" {
			return ""
		}
		return w.cat.T(w.lang, "compat.pillar."+k)
	}
	w.heading(w.cat.T(w.lang, "compat.part."+part.Key))
	var rules []string
	for _, r := range part.Rules {
		key := "compat.rule." + r.Code
		text := r.Text
		if w.cat.Has(key) {
			text = w.cat.T(w.lang, key, pillar(r.PillarA), pillar(r.PillarB), r.Chars, r.Value, fmt.Sprintf("%+d", r.Points), r.CharA, r.CharB)
		}
		rules = append(rules, strings.TrimSpace(text))
	}
	rulesText := w.cat.T(w.lang, "compat.rules.none")
	if len(rules) > 0 {
		rulesText = w.t("compat.rules", strings.Join(rules, w.t("semi")))
	}
	w.para(w.t("compat.part.score", part.Score, part.Weight), rulesText)
}

// pairFollowParts are the parts of a compatibility report that answer a
// follow-up question on each topic; "" (no clear topic) answers with the
// strongest and the weakest part.
var pairFollowParts = map[string][]string{
	"relationships": {"branches", "day_master"},
	"career":        {"elements", "stems"},
	"wealth":        {"elements"},
	"health":        {"elements"},
	"year":          {"luck"},
}

// followUpPair answers a follow-up question on a pair reading from the
// pair's compatibility report rather than from person A's chart alone.
func (w *builtinWriter) followUpPair(q string, a, b *bazi.Chart, nameA, nameB string) {
	rep := bazi.Compatibility(a, b)
	nameA = w.personName(nameA, "compat.person.a")
	nameB = w.personName(nameB, "compat.person.b")
	w.para(w.t("fu.pair.open"))
	w.para(w.t("compat.dm", nameA, w.dmText(a), nameB, w.dmText(b)), w.t("compat.overall", rep.Overall))
	keys := pairFollowParts[builtinFollowTopic(q)]
	if len(keys) == 0 && len(rep.Parts) > 0 {
		best, worst := rep.Parts[0], rep.Parts[0]
		for _, p := range rep.Parts[1:] {
			if p.Score > best.Score {
				best = p
			}
			if p.Score < worst.Score {
				worst = p
			}
		}
		keys = []string{best.Key}
		if worst.Key != best.Key {
			keys = append(keys, worst.Key)
		}
	}
	for _, k := range keys {
		for _, p := range rep.Parts {
			if p.Key == k {
				w.compatPart(p)
			}
		}
	}
	w.para(w.t("fu.note"))
}

// personName is the cleaned name, or the page's label for the person.
func (w *builtinWriter) personName(name, key string) string {
	if n := strings.NewReplacer("*", "", "#", "", "_", "").Replace(cleanUserText(name, MaxNameRunes)); strings.TrimSpace(n) != "" {
		return strings.TrimSpace(n)
	}
	return w.cat.T(w.lang, key)
}

// dmText is "**甲** (yang Wood)" for a chart's day master.
func (w *builtinWriter) dmText(c *bazi.Chart) string {
	dm := c.DayMaster
	return w.t("compat.dmtext", dm.Char, w.t("pol."+dm.Polarity), w.t("el."+dm.Element))
}
