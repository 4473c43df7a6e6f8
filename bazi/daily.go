package bazi

import "slices"

// Relations between two single stems or two single branches, for comparing
// one pillar (today's, a partner's) with the pillars of a chart, and the
// reading of a day against a chart built from them.

// StemPairRelation returns the relation between stems a and b: 五合 (with
// the element it transforms to) or 冲; ok is false when there is none.
// Chars keeps the order a, b.
func StemPairRelation(a, b Stem) (r Relation, ok bool) {
	a, b = a%NumStems, b%NumStems
	lo := min(a, b)
	switch max(a, b) - lo {
	case 5:
		r = pairRel(RelStemHe, 0, uint8(a), uint8(b))
		r.el = int8(stemHeElement[lo%5])
		return r, true
	case 6:
		return pairRel(RelStemChong, 0, uint8(a), uint8(b)), true
	}
	return Relation{}, false
}

// BranchPairRelations returns the relations between branches a and b: 六合,
// the 三合 partners (半合, 拱合), 冲, 刑, 害 and 破, in that order. Chars
// keeps the order a, b; Pillars is empty (the caller knows which pillars).
func BranchPairRelations(a, b Branch) []Relation {
	a, b = a%NumBranches, b%NumBranches
	p := branchPairRels[a][b]
	out := make([]Relation, 0, p.n)
	for i := uint8(0); i < p.n; i++ {
		r := pairRel(p.kinds[i], 0, uint8(a), uint8(b))
		r.el = p.els[i]
		out = append(out, r)
	}
	return out
}

// Rule is the relation written as it is taught, e.g. "子午冲", "甲己合",
// "子丑六合", "子卯刑(无礼之刑)".
func (r Relation) Rule() string {
	s := r.Chars() + r.Name()
	if sub := r.SubtypeName(); sub != "" {
		s += "(" + sub + ")"
	}
	return s
}

// DayFactorKind is what a DayFactor is about.
type DayFactorKind uint8

const (
	// FactorTenGod is the day's stem as a ten god of the day master.
	FactorTenGod DayFactorKind = iota
	// FactorStem is a relation between the day's stem and a natal stem.
	FactorStem
	// FactorBranch is a relation between the day's branch and a natal branch.
	FactorBranch
	// FactorElement is the element of the day's stem or branch against the
	// chart's favourable (喜用) and unfavourable (忌) elements.
	FactorElement
)

// Tone says how a factor reads for the person: good, bad or neutral.
type Tone uint8

const (
	ToneNeutral Tone = iota
	ToneGood
	ToneBad
)

var toneNames = [3]string{"neutral", "good", "bad"}

// String returns "neutral", "good" or "bad".
func (t Tone) String() string { return toneNames[t%3] }

// DayFactor is one fact of a day read against a chart, with the rule it
// follows. Pages word it in their language from these fields.
type DayFactor struct {
	Kind DayFactorKind
	Tone Tone
	// Char is the day's stem (ten god, stem relation, and the first
	// element factor) or branch (branch relation, the second element
	// factor).
	Char string
	// Pillar is the natal pillar Char is read against (PosYear … PosHour):
	// the pillar of a relation, PosDay for the ten god (the day master);
	// -1 for an element factor.
	Pillar int
	// Natal is that pillar's stem or branch: the relation's partner, or the
	// day master for the ten god; "" for an element factor.
	Natal string
	// TenGod is the day's stem as a ten god of the day master (FactorTenGod).
	TenGod TenGod
	// Relation is the stem or branch relation (FactorStem, FactorBranch).
	Relation Relation
	// Element is Char's element (FactorElement).
	Element Element
	// Favourable and Unfavourable are the chart's 喜用 and 忌 elements
	// the element factor was read against (shared, read-only).
	Favourable, Unfavourable []Element
	// Rule is the rule as it is taught: "子午冲", "日主戊见庚为食神",
	// "喜用火土，忌金水木".
	Rule string
}

// Key names the factor for a page or a test: "tengod", "element",
// "stem_" or "branch_" followed by the relation type ("branch_chong").
func (f DayFactor) Key() string {
	switch f.Kind {
	case FactorTenGod:
		return "tengod"
	case FactorStem:
		return "stem_" + f.Relation.Type()
	case FactorBranch:
		return "branch_" + f.Relation.Type()
	}
	return "element"
}

// DayReading reads a day pillar against a computed chart: the day's stem
// as a ten god of the day master; every relation of the day's stem and
// branch with each natal pillar (year, month, day, then hour when the
// birth time is known); then the elements of the day's stem and branch
// against the chart's favourable and unfavourable elements. Combinations
// and favourable elements read good; clashes, punishments, harms,
// destructions and unfavourable elements read bad.
func DayReading(chart *Chart, day GanZhi) []DayFactor {
	fp := chart.FourPillars
	dm := fp.Day.Stem()
	ds, db := day.Stem(), day.Branch()
	out := make([]DayFactor, 0, 8)

	god := TenGodOf(dm, ds)
	out = append(out, DayFactor{
		Kind: FactorTenGod, Tone: ToneNeutral, Char: ds.String(), Pillar: PosDay, Natal: dm.String(), TenGod: god,
		Rule: "日主" + dm.String() + "见" + ds.String() + "为" + god.String(),
	})

	natal := [4]GanZhi{fp.Year, fp.Month, fp.Day, fp.Hour}
	n := 4
	if !fp.HasHour {
		n = 3
	}
	for pos, g := range natal[:n] {
		if r, ok := StemPairRelation(ds, g.Stem()); ok {
			out = append(out, DayFactor{Kind: FactorStem, Tone: relationTone(r), Char: ds.String(), Pillar: pos,
				Natal: g.Stem().String(), Relation: r, Rule: r.Rule()})
		}
		for _, r := range BranchPairRelations(db, g.Branch()) {
			out = append(out, DayFactor{Kind: FactorBranch, Tone: relationTone(r), Char: db.String(), Pillar: pos,
				Natal: g.Branch().String(), Relation: r, Rule: r.Rule()})
		}
	}

	fav, avoid := chart.Favourable.Elements, chart.Favourable.Avoid
	rule := "喜用" + elementNamesOf(fav) + "，忌" + elementNamesOf(avoid)
	for _, part := range [2]struct {
		char string
		el   Element
	}{{ds.String(), ds.Element()}, {db.String(), db.Element()}} {
		f := DayFactor{Kind: FactorElement, Tone: ToneNeutral, Char: part.char, Pillar: -1, Element: part.el,
			Favourable: fav, Unfavourable: avoid, Rule: rule}
		switch {
		case slices.Contains(fav, part.el):
			f.Tone = ToneGood
		case slices.Contains(avoid, part.el):
			f.Tone = ToneBad
		}
		out = append(out, f)
	}
	return out
}

// relationTone: combinations are good; clashes and the rest are warnings.
func relationTone(r Relation) Tone {
	switch r.Type() {
	case "he", "liu_he", "ban_he", "gong_he", "san_he":
		return ToneGood
	}
	return ToneBad
}

func elementNamesOf(es []Element) string {
	if len(es) == 0 {
		return "—"
	}
	s := ""
	for _, e := range es {
		s += e.String()
	}
	return s
}
