package bazi

import (
	"fmt"
	"math"
	"strings"
)

// Compatibility (合婚) compares two charts, A and B. Each part scores 0–100
// from a neutral start, moved by the rules it found; the overall score is
// the weighted mean of the parts. Weights (out of 100):
//
//	day_master 20  the two day masters: 五合 100, generating 80, same element 60,
//	               controlling 35 (a stem clash as well: 20)
//	stems      15  50 ± every A stem against every B stem: 五合 +8 (day–day +15),
//	               冲 −8 (day–day −15)
//	branches   25  50 ± every A branch against every B branch: 六合 +8, 半合 +5,
//	               拱合 +3, 冲 −8, 刑 −5, 害 −5; the day branches (spouse palace)
//	               count double; a full 三合 trio using branches of both charts +12
//	               (its half combinations are then not counted again)
//	elements   25  the mean of the share (%) of A's favourable elements in B's
//	               chart and of B's favourable elements in A's chart, scaled so
//	               that 60% or more scores 100
//	luck       15  the share of the next 30 years in which both people's 大运
//	               has a favourable stem or branch element
//
// Every part's score is clamped to 0–100. The report is deterministic: it
// depends only on the two charts (the luck window starts at A's Now year).
const (
	CompatWeightDayMaster = 20
	CompatWeightStems     = 15
	CompatWeightBranches  = 25
	CompatWeightElements  = 25
	CompatWeightLuck      = 15

	// CompatLuckYears is the length of the luck window.
	CompatLuckYears = 30
)

// CompatRule is one finding with its effect on the part's score. Text is an
// English sentence; Code, PillarA, PillarB, Chars and Value let a view say
// the same in another language.
type CompatRule struct {
	Code    string `json:"code"`               // e.g. "stem_he", "branch_chong"
	PillarA string `json:"pillar_a,omitempty"` // "year", "month", "day", "hour"
	PillarB string `json:"pillar_b,omitempty"`
	CharA   string `json:"char_a,omitempty"` // A's stem or branch in the rule
	CharB   string `json:"char_b,omitempty"` // B's stem or branch in the rule
	Chars   string `json:"chars"`            // e.g. "甲己合土", "子午冲"
	Value   string `json:"value,omitempty"`  // a number shown in the rule (percentages)
	Points  int    `json:"points"`           // added to the part's score (signed)
	Text    string `json:"text"`
}

// CompatPart is one scored part of the report.
type CompatPart struct {
	Key     string       `json:"key"` // day_master, stems, branches, elements, luck
	Score   int          `json:"score"`
	Weight  int          `json:"weight"`
	Base    int          `json:"base"` // the neutral start before the rules
	Rules   []CompatRule `json:"rules"`
	Details []string     `json:"details,omitempty"`
}

// YearRange is an inclusive range of calendar years.
type YearRange struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// CompatReport is the result of Compatibility.
type CompatReport struct {
	Parts   []CompatPart `json:"parts"`
	Overall int          `json:"overall"`
	// SupplyToA is the share (%) of A's favourable elements in B's chart;
	// SupplyToB the other way round.
	SupplyToA float64 `json:"supply_to_a"`
	SupplyToB float64 `json:"supply_to_b"`
	// BothFavourable are the years in the luck window where both people's
	// 大运 is favourable.
	BothFavourable []YearRange `json:"both_favourable"`
	LuckFrom       int         `json:"luck_from"`
	LuckTo         int         `json:"luck_to"`
}

// Part returns the part with key, or nil.
func (r *CompatReport) Part(key string) *CompatPart {
	for i := range r.Parts {
		if r.Parts[i].Key == key {
			return &r.Parts[i]
		}
	}
	return nil
}

// compatStemHe reports whether two stems combine (五合) and into what.
func compatStemHe(a, b Stem) (Element, bool) {
	if (int(a)+5)%10 != int(b) && (int(b)+5)%10 != int(a) {
		return 0, false
	}
	return stemHeElement[min(a, b)%5], true
}

// compatStemChong: 甲庚 乙辛 丙壬 丁癸 (a stem and the one six ahead, 甲–丁 only).
func compatStemChong(a, b Stem) bool {
	lo, hi := min(a, b), max(a, b)
	return lo <= 3 && hi == lo+6
}

func compatPillars(c *Chart) (st [4]Stem, br [4]Branch, n int) {
	p := c.FourPillars
	gz := [4]GanZhi{p.Year, p.Month, p.Day, p.Hour}
	n = 3
	if p.HasHour {
		n = 4
	}
	for i := 0; i < n; i++ {
		st[i], br[i] = gz[i].Stem(), gz[i].Branch()
	}
	return st, br, n
}

func clampScore(x int) int { return max(0, min(100, x)) }

// Compatibility compares chart a with chart b.
func Compatibility(a, b *Chart) CompatReport {
	var r CompatReport
	r.Parts = []CompatPart{
		compatDayMaster(a, b),
		compatStems(a, b),
		compatBranches(a, b),
		compatElements(a, b, &r),
		compatLuck(a, b, &r),
	}
	sum, wsum := 0, 0
	for _, p := range r.Parts {
		sum += p.Score * p.Weight
		wsum += p.Weight
	}
	r.Overall = int(math.Round(float64(sum) / float64(wsum)))
	return r
}

func compatDayMaster(a, b *Chart) CompatPart {
	p := CompatPart{Key: "day_master", Weight: CompatWeightDayMaster}
	da, db := a.FourPillars.Day.Stem(), b.FourPillars.Day.Stem()
	ea, eb := da.Element(), db.Element()
	rule := CompatRule{PillarA: "day", PillarB: "day", CharA: da.String(), CharB: db.String(), Chars: da.String() + db.String()}
	switch el, he := compatStemHe(da, db); {
	case he:
		p.Score = 100
		rule.Code = "dm_he"
		rule.Chars = da.String() + db.String() + "合" + el.String()
		rule.Text = fmt.Sprintf("A's day master %s and B's %s combine (%s)", da, db, rule.Chars)
	case ea.Generates() == eb || eb.Generates() == ea:
		p.Score = 80
		rule.Code = "dm_generate"
		if ea.Generates() == eb {
			rule.Chars = ea.String() + "生" + eb.String()
		} else {
			rule.Chars = eb.String() + "生" + ea.String()
		}
		rule.Text = fmt.Sprintf("A's day master %s and B's %s: one generates the other (%s)", da, db, rule.Chars)
	case ea == eb:
		p.Score = 60
		rule.Code = "dm_same"
		rule.Chars = ea.String() + ea.String()
		rule.Text = fmt.Sprintf("A's day master %s and B's %s share the element %s", da, db, ea)
	default:
		p.Score = 35
		rule.Code = "dm_control"
		if ea.Controls() == eb {
			rule.Chars = ea.String() + "克" + eb.String()
		} else {
			rule.Chars = eb.String() + "克" + ea.String()
		}
		rule.Text = fmt.Sprintf("A's day master %s and B's %s: one controls the other (%s)", da, db, rule.Chars)
		if compatStemChong(da, db) {
			p.Score = 20
			rule.Code = "dm_chong"
			rule.Chars = da.String() + db.String() + "冲"
			rule.Text = fmt.Sprintf("A's day master %s and B's %s clash (%s)", da, db, rule.Chars)
		}
	}
	rule.Points = p.Score
	p.Rules = []CompatRule{rule}
	return p
}

func compatStems(a, b *Chart) CompatPart {
	p := CompatPart{Key: "stems", Weight: CompatWeightStems, Base: 50}
	sa, _, na := compatPillars(a)
	sb, _, nb := compatPillars(b)
	score := p.Base
	for i := 0; i < na; i++ {
		for j := 0; j < nb; j++ {
			x, y := sa[i], sb[j]
			dayDay := i == PosDay && j == PosDay
			r := CompatRule{PillarA: PillarKey(i), PillarB: PillarKey(j), CharA: x.String(), CharB: y.String()}
			if el, ok := compatStemHe(x, y); ok {
				r.Code, r.Points = "stem_he", 8
				if dayDay {
					r.Points = 15
				}
				r.Chars = x.String() + y.String() + "合" + el.String()
				r.Text = fmt.Sprintf("A's %s stem %s and B's %s stem %s combine (%s)", r.PillarA, x, r.PillarB, y, r.Chars)
			} else if compatStemChong(x, y) {
				r.Code, r.Points = "stem_chong", -8
				if dayDay {
					r.Points = -15
				}
				r.Chars = x.String() + y.String() + "冲"
				r.Text = fmt.Sprintf("A's %s stem %s and B's %s stem %s clash (%s)", r.PillarA, x, r.PillarB, y, r.Chars)
			} else {
				continue
			}
			r.Text += fmt.Sprintf(" %+d", r.Points)
			score += r.Points
			p.Rules = append(p.Rules, r)
		}
	}
	p.Score = clampScore(score)
	return p
}

func compatBranches(a, b *Chart) CompatPart {
	p := CompatPart{Key: "branches", Weight: CompatWeightBranches, Base: 50}
	_, ba, na := compatPillars(a)
	_, bb, nb := compatPillars(b)
	score := p.Base

	// Full 三合 trios using branches of both charts (and not complete in one chart alone).
	var fullGroup [4]bool
	has := func(br [4]Branch, n int, x Branch) int {
		for i := 0; i < n; i++ {
			if br[i] == x {
				return i
			}
		}
		return -1
	}
	for g, t := range sanHe {
		inA, inB, union := 0, 0, 0
		for _, x := range t.b {
			ia, ib := has(ba, na, x), has(bb, nb, x)
			if ia >= 0 {
				inA++
			}
			if ib >= 0 {
				inB++
			}
			if ia >= 0 || ib >= 0 {
				union++
			}
		}
		if union == 3 && inA < 3 && inB < 3 {
			fullGroup[g] = true
			r := CompatRule{Code: "branch_sanhe", Chars: t.chars + "三合" + t.el.String(), Points: 12}
			r.Text = fmt.Sprintf("Branches of A and B complete the trio %s (%s) %+d", t.chars, r.Chars, r.Points)
			score += r.Points
			p.Rules = append(p.Rules, r)
		}
	}

	for i := 0; i < na; i++ {
		for j := 0; j < nb; j++ {
			x, y := ba[i], bb[j]
			mult := 1
			if i == PosDay && j == PosDay {
				mult = 2
			}
			rels := branchPairRels[x][y]
			for k := 0; k < int(rels.n); k++ {
				kind := rels.kinds[k]
				r := CompatRule{PillarA: PillarKey(i), PillarB: PillarKey(j), CharA: x.String(), CharB: y.String()}
				pair := x.String() + y.String()
				var verb string
				switch kind {
				case RelLiuHe:
					r.Code, r.Points, verb = "branch_liuhe", 8, "combine"
					r.Chars = pair + "六合" + Element(rels.els[k]).String()
				case RelBanHeShengWang, RelBanHeMuWang, RelGongHe:
					if fullGroup[sanHeOf[x][0]] {
						continue
					}
					el := Element(rels.els[k]).String()
					if kind == RelGongHe {
						r.Code, r.Points, verb = "branch_gonghe", 3, "half-combine"
						r.Chars = pair + "拱" + el
					} else {
						r.Code, r.Points, verb = "branch_banhe", 5, "half-combine"
						r.Chars = pair + "半合" + el
					}
				case RelChong:
					r.Code, r.Points, verb = "branch_chong", -8, "clash"
					r.Chars = pair + "冲"
				case RelXingWuEn, RelXingShiShi, RelXingWuLi, RelZiXing:
					r.Code, r.Points, verb = "branch_xing", -5, "punish each other"
					r.Chars = pair + "刑"
				case RelHai:
					r.Code, r.Points, verb = "branch_hai", -5, "harm each other"
					r.Chars = pair + "害"
				default:
					continue // 破 is not scored
				}
				r.Points *= mult
				r.Text = fmt.Sprintf("A's %s branch %s and B's %s branch %s %s (%s) %+d", r.PillarA, x, r.PillarB, y, verb, r.Chars, r.Points)
				if mult == 2 {
					r.Text += " (spouse palace, counted double)"
				}
				score += r.Points
				p.Rules = append(p.Rules, r)
			}
		}
	}
	p.Score = clampScore(score)
	return p
}

// compatSupply is the share (%) of the favourable elements of want in the chart have.
func compatSupply(want, have *Chart) (float64, string) {
	sum := 0.0
	names := make([]string, 0, len(want.Favourable.Elements))
	for _, e := range want.Favourable.Elements {
		sum += have.Elements.Percent.Get(e)
		names = append(names, e.String())
	}
	return math.Round(sum*10) / 10, strings.Join(names, "")
}

func compatElements(a, b *Chart, rep *CompatReport) CompatPart {
	p := CompatPart{Key: "elements", Weight: CompatWeightElements}
	toA, favA := compatSupply(a, b)
	toB, favB := compatSupply(b, a)
	rep.SupplyToA, rep.SupplyToB = toA, toB
	mean := (toA + toB) / 2
	// 60% of a chart on one's favourable elements is already generous support.
	p.Score = clampScore(int(math.Round(mean / 60 * 100)))
	p.Rules = []CompatRule{
		{Code: "supply_to_a", PillarA: "", Chars: favA, Value: fmt.Sprintf("%.1f", toA),
			Text: fmt.Sprintf("B's chart supplies %.1f%% of A's favourable elements (%s)", toA, favA)},
		{Code: "supply_to_b", Chars: favB, Value: fmt.Sprintf("%.1f", toB),
			Text: fmt.Sprintf("A's chart supplies %.1f%% of B's favourable elements (%s)", toB, favB)},
	}
	p.Details = []string{fmt.Sprintf("score = mean(%.1f, %.1f) / 60 × 100, at most 100", toA, toB)}
	return p
}

// luckFavourable reports whether the 大运 covering year has a stem or
// branch element favourable to c; false before the first and after the last.
func luckFavourable(c *Chart, year int) bool {
	for _, lp := range c.Luck.Pillars {
		if lp.StartYear == 0 || year < int(lp.StartYear) || year > int(lp.EndYear) {
			continue
		}
		se, be := lp.GanZhi.Stem().Element(), lp.GanZhi.Branch().Element()
		for _, f := range c.Favourable.Elements {
			if f == se || f == be {
				return true
			}
		}
		return false
	}
	return false
}

func compatLuck(a, b *Chart, rep *CompatReport) CompatPart {
	p := CompatPart{Key: "luck", Weight: CompatWeightLuck}
	from := a.Luck.Current.Now.Year()
	if a.Luck.Current.Now.IsZero() {
		from = int(a.Luck.Pillars[0].StartYear)
	}
	to := from + CompatLuckYears - 1
	rep.LuckFrom, rep.LuckTo = from, to
	both := 0
	var runs []YearRange
	for y := from; y <= to; y++ {
		if !luckFavourable(a, y) || !luckFavourable(b, y) {
			continue
		}
		both++
		if n := len(runs); n > 0 && runs[n-1].To == y-1 {
			runs[n-1].To = y
		} else {
			runs = append(runs, YearRange{y, y})
		}
	}
	rep.BothFavourable = runs
	p.Score = clampScore(int(math.Round(float64(both) * 100 / CompatLuckYears)))
	p.Rules = []CompatRule{{Code: "luck_both", Value: fmt.Sprint(both), Chars: fmt.Sprintf("%d–%d", from, to),
		Text: fmt.Sprintf("In %d of the %d years %d–%d both people's 大运 carries a favourable element", both, CompatLuckYears, from, to)}}
	for _, r := range runs {
		p.Details = append(p.Details, fmt.Sprintf("%d–%d", r.From, r.To))
	}
	return p
}
