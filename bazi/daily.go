package bazi

// Relations between two single stems or two single branches, for comparing
// one pillar (today's, a partner's) with the pillars of a chart.

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
