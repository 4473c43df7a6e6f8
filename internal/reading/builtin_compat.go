package reading

import (
	"slices"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
)

// compatibility writes the built-in reading of a pair (合婚): the heading,
// both day masters and the overall score, then one section per part of
// bazi.Compatibility that interprets the two charts (how the day masters
// meet, the spouse palaces, which elements one brings the other, when the
// two people's luck runs together) rather than restating the score table,
// which the page shows beside it.
func (w *builtinWriter) compatibility(a, b *bazi.Chart, nameA, nameB string) {
	rep := bazi.Compatibility(a, b)
	p := w.newPair(a, b, nameA, nameB, &rep)
	w.label()
	w.heading(w.cat.T(w.lang, "compat.report.title", p.nameA, p.nameB))
	band := "compat.band.low"
	switch {
	case rep.Overall >= 70:
		band = "compat.band.high"
	case rep.Overall >= 50:
		band = "compat.band.mid"
	}
	w.para(w.t("compat.dm", p.nameA, w.dmText(a), p.nameB, w.dmText(b)),
		w.t("compat.overall", rep.Overall), w.t(band))
	for _, part := range rep.Parts {
		w.compatPart(p, part)
	}
	w.heading(w.t("close.h"))
	w.para(w.t("compat.close"))
}

// builtinPair is what the pair sections read: both charts, names and the report.
type builtinPair struct {
	a, b         *bazi.Chart
	nameA, nameB string
	rep          *bazi.CompatReport
}

func (w *builtinWriter) newPair(a, b *bazi.Chart, nameA, nameB string, rep *bazi.CompatReport) *builtinPair {
	return &builtinPair{a: a, b: b, rep: rep,
		nameA: w.personName(nameA, "compat.person.a"), nameB: w.personName(nameB, "compat.person.b")}
}

// compatPart writes one part of the pair reading under its heading.
func (w *builtinWriter) compatPart(p *builtinPair, part bazi.CompatPart) {
	w.heading(w.cat.T(w.lang, "compat.part."+part.Key))
	switch part.Key {
	case "day_master":
		w.compatDayMasters(p)
	case "stems":
		w.compatStems(part)
	case "branches":
		w.compatPalaces(p, part)
	case "elements":
		w.compatElements(p)
	case "luck":
		w.compatLuck(p)
	}
}

// compatDayMasters: how the two day masters meet (合, 生, same, 克, 冲) and
// what each is to the other, naming the partner star by each one's gender.
func (w *builtinWriter) compatDayMasters(p *builtinPair) {
	da, db := p.a.DayMaster.Stem, p.b.DayMaster.Stem
	ea, eb := da.Element(), db.Element()
	var parts []string
	switch {
	case biStemHe(da, db):
		parts = append(parts, w.t("cp.dm.he", p.nameA, da.String(), p.nameB, db.String(), w.stemHeChars(da, db)))
	case ea.Generates() == eb:
		parts = append(parts, w.t("cp.dm.gen", p.nameA, da.String(), w.el(ea), p.nameB, db.String(), w.el(eb)))
	case eb.Generates() == ea:
		parts = append(parts, w.t("cp.dm.gen", p.nameB, db.String(), w.el(eb), p.nameA, da.String(), w.el(ea)))
	case ea == eb:
		parts = append(parts, w.t("cp.dm.same", p.nameA, da.String(), p.nameB, db.String(), w.el(ea)))
	case ea.Controls() == eb:
		parts = append(parts, w.t("cp.dm.ctrl", p.nameA, da.String(), w.el(ea), p.nameB, db.String(), w.el(eb)))
	default:
		parts = append(parts, w.t("cp.dm.ctrl", p.nameB, db.String(), w.el(eb), p.nameA, da.String(), w.el(ea)))
	}
	if biStemClash(da, db) {
		parts = append(parts, w.t("cp.dm.chong", da.String()+db.String()))
	}
	godB, godA := bazi.TenGodOf(da, db), bazi.TenGodOf(db, da) // B to A, A to B
	parts = append(parts, w.t("cp.dm.gods", p.nameA, p.nameB, w.god(godB), w.god(godA)))
	parts = append(parts, w.partnerStar(p.a, p.nameA, godB), w.partnerStar(p.b, p.nameB, godA))
	w.para(parts...)
}

// partnerStar says, in words for c's own gender, that the other's day
// master is c's partner star; "" when it is not.
func (w *builtinWriter) partnerStar(c *bazi.Chart, name string, g bazi.TenGod) string {
	male := c.Options.Gender == bazi.Male
	switch {
	case male && tenGodGroup(g) == grpWealth && g < 10:
		return w.t("cp.spouse.male", name)
	case !male && tenGodGroup(g) == grpOfficer && g < 10:
		return w.t("cp.spouse.female", name)
	}
	return ""
}

func (w *builtinWriter) stemHeChars(a, b bazi.Stem) string {
	lo := min(a, b)
	return a.String() + b.String() + "合" + bazi.Element((int(lo)%5+2)%5).String()
}

// compatStems: the stems that combine and clash across the two charts.
func (w *builtinWriter) compatStems(part bazi.CompatPart) {
	var he, chong []string
	for _, r := range part.Rules {
		switch r.Code {
		case "stem_he":
			he = appendNew(he, r.Chars)
		case "stem_chong":
			chong = appendNew(chong, r.Chars)
		}
	}
	var parts []string
	if len(he) > 0 {
		parts = append(parts, w.t("cp.st.he", strings.Join(he, w.t("sep"))))
	}
	if len(chong) > 0 {
		parts = append(parts, w.t("cp.st.chong", strings.Join(chong, w.t("sep"))))
	}
	if len(parts) == 0 {
		parts = append(parts, w.t("cp.st.none"))
	}
	w.para(parts...)
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// compatPalaces: the two day branches (spouse palaces) against each other,
// then the other branches' combinations and clashes.
func (w *builtinWriter) compatPalaces(p *builtinPair, part bazi.CompatPart) {
	x, y := p.a.Pillars.Day.GanZhi.Branch(), p.b.Pillars.Day.GanZhi.Branch()
	pair := x.String() + y.String()
	parts := []string{w.t("cp.pal.intro", p.nameA, x.String(), p.nameB, y.String())}
	found := false
	add := func(key string, arg string) {
		parts = append(parts, w.t(key, arg))
		found = true
	}
	if biBranchHe(x, y) {
		add("cp.pal.he", pair)
	}
	if biBranchSanHe(x, y) {
		add("cp.pal.sanhe", pair)
	}
	if biBranchClash(x, y) {
		add("cp.pal.chong", pair)
	}
	if biBranchXing(x, y) {
		add("cp.pal.xing", pair)
	}
	if biBranchHai(x, y) {
		add("cp.pal.hai", pair)
	}
	if x == y && !biBranchXing(x, y) {
		add("cp.pal.same", x.String())
	}
	if !found {
		parts = append(parts, w.t("cp.pal.none"))
	}
	w.para(parts...)
	var pos, neg []string
	for _, r := range part.Rules {
		// The palaces were read above; a palace branch meeting the other's
		// palace branch in another pillar would only repeat them.
		if (r.PillarA == "day" && r.PillarB == "day") || strings.HasPrefix(r.Chars, pair) {
			continue
		}
		switch r.Code {
		case "branch_liuhe", "branch_banhe", "branch_gonghe", "branch_sanhe":
			pos = appendNew(pos, r.Chars)
		case "branch_chong", "branch_xing", "branch_hai":
			neg = appendNew(neg, r.Chars)
		}
	}
	parts = parts[:0]
	if len(pos) > 0 {
		parts = append(parts, w.t("cp.br.pos", strings.Join(pos, w.t("sep"))))
	}
	if len(neg) > 0 {
		parts = append(parts, w.t("cp.br.neg", strings.Join(neg, w.t("sep"))))
	}
	w.para(parts...)
}

// Thresholds for the element exchange: an element is "rich" in a chart at
// this share or more, and "lacking" below builtinLackShare.
const (
	builtinRichShare = 25
	builtinLackShare = 10
)

// compatElements: where one chart's abundance is what the other needs or
// lacks, and where it is what the other should have less of.
func (w *builtinWriter) compatElements(p *builtinPair) {
	var parts []string
	one := func(giver, taker *bazi.Chart, gName, tName string) {
		for e := bazi.Element(0); e < 5; e++ {
			have, need := giver.Elements.Percent.Get(e), taker.Elements.Percent.Get(e)
			if have < builtinRichShare {
				continue
			}
			switch {
			case slices.Contains(taker.Favourable.Avoid, e):
				parts = append(parts, w.t("cp.el.over", gName, w.el(e), tName))
			case slices.Contains(taker.Favourable.Elements, e):
				parts = append(parts, w.t("cp.el.need", gName, w.el(e), have, tName))
			case need < builtinLackShare:
				parts = append(parts, w.t("cp.el.lack", gName, w.el(e), have, tName, need))
			}
		}
	}
	one(p.a, p.b, p.nameA, p.nameB)
	one(p.b, p.a, p.nameB, p.nameA)
	if len(parts) == 0 {
		parts = append(parts, w.t("cp.el.none"))
	}
	parts = append(parts, w.t("cp.el.supply", p.nameB, p.rep.SupplyToA, p.nameA, p.rep.SupplyToB))
	w.para(parts...)
}

// compatLuck: each person's current 大运, the years both run favourable
// luck, and when either changes luck pillar next.
func (w *builtinWriter) compatLuck(p *builtinPair) {
	fa := w.f
	if fa.c != p.a {
		fa = newBuiltinFacts(p.a, w.now)
	}
	fb := newBuiltinFacts(p.b, w.now)
	now := func(f *builtinFacts) string {
		switch f.luck.phase {
		case 1:
			return w.t("cp.lk.in", w.gz(f.luck.pillar))
		case 0:
			return w.t("cp.lk.pre")
		}
		return w.t("cp.lk.after")
	}
	parts := []string{w.t("cp.lk.now", p.nameA, now(fa), p.nameB, now(fb))}
	var runs []string
	for _, r := range p.rep.BothFavourable {
		if r.From == r.To {
			runs = append(runs, w.t("cp.range1", r.From))
		} else {
			runs = append(runs, w.t("cp.range", r.From, r.To))
		}
	}
	if len(runs) > 0 {
		parts = append(parts, w.t("cp.lk.both", p.rep.LuckFrom, p.rep.LuckTo, strings.Join(runs, w.t("sep"))))
	} else {
		parts = append(parts, w.t("cp.lk.none", p.rep.LuckFrom, p.rep.LuckTo))
	}
	if fa.luck.phase == 1 && fb.luck.phase == 1 && fa.luck.endYear < 2200 && fb.luck.endYear < 2200 {
		parts = append(parts, w.t("cp.lk.next", p.nameA, fa.luck.endYear+1, p.nameB, fb.luck.endYear+1))
	}
	w.para(parts...)
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
	"luck":          {"luck"},
}

// followUpPair answers a follow-up question on a pair reading from the
// pair's two charts rather than from person A's chart alone.
func (w *builtinWriter) followUpPair(q string, a, b *bazi.Chart, nameA, nameB string) {
	rep := bazi.Compatibility(a, b)
	p := w.newPair(a, b, nameA, nameB, &rep)
	w.para(w.t("fu.pair.open"))
	w.para(w.t("compat.dm", p.nameA, w.dmText(a), p.nameB, w.dmText(b)), w.t("compat.overall", rep.Overall))
	keys := pairFollowParts[builtinFollowTopic(q)]
	if len(keys) == 0 && len(rep.Parts) > 0 {
		best, worst := rep.Parts[0], rep.Parts[0]
		for _, part := range rep.Parts[1:] {
			if part.Score > best.Score {
				best = part
			}
			if part.Score < worst.Score {
				worst = part
			}
		}
		keys = []string{best.Key}
		if worst.Key != best.Key {
			keys = append(keys, worst.Key)
		}
	}
	for _, k := range keys {
		if part := rep.Part(k); part != nil {
			w.compatPart(p, *part)
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
