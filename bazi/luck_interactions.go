package bazi

import "math/bits"

// 岁运 interactions: a 大运 or a 流年 read against the natal pillars (and a
// 流年 against its 大运). They are not stored: a chart has over a hundred
// years, so each LuckPillar and LiuNian carries the few bytes they are
// derived from (Natal, its 大运) and lists them on demand into a buffer
// the caller owns, which the JSON writers keep on the stack.

// Natal is the natal pillars a flow pillar (大运, 流年) is read against.
// N is how many are known: 4 with the hour, 3 without, 0 for none (a
// LiuNian or LuckPillar not made by Compute has no interactions).
type Natal struct {
	Pillars [4]GanZhi
	N       uint8
}

// FlowMask is the set of pillars an Interaction involves: the flow
// pillars (流年, 大运) and the natal ones, in this bit order, which is
// also the order Interaction.PillarKeys lists them in.
type FlowMask uint8

const (
	FlowYear FlowMask = 1 << iota // the 流年 ("year_flow")
	FlowLuck                      // the 大运 ("luck")
	FlowNatalYear
	FlowNatalMonth
	FlowNatalDay
	FlowNatalHour
)

var flowKeys = [6]string{"year_flow", "luck", "year", "month", "day", "hour"}

// flowMembers[m] lists the keys in m, shared and read-only.
var flowMembers = func() (t [64][]string) {
	for m := range t {
		t[m] = []string{}
		for i, k := range flowKeys {
			if m&(1<<i) != 0 {
				t[m] = append(t[m], k)
			}
		}
	}
	return t
}()

// natalBit is the FlowMask bit of natal position pos (PosYear … PosHour).
func natalBit(pos int) FlowMask { return FlowNatalYear << (pos & 3) }

// InteractionKind is what an Interaction is.
type InteractionKind uint8

const (
	IntStemHe            InteractionKind = iota // 天干五合
	IntStemChong                                // 天干相冲
	IntLiuHe                                    // 六合
	IntBanHe                                    // 半合 (生旺, 墓旺)
	IntGongHe                                   // 拱合
	IntChong                                    // 六冲 (not of the day branch)
	IntXing                                     // 刑
	IntHai                                      // 害
	IntPo                                       // 破
	IntSuiYunBingLin                            // 岁运并临: the 流年 is its 大运's pair
	IntFuYin                                    // 伏吟: same pair as a natal pillar (or the 大运)
	IntFanYin                                   // 反吟: 天克地冲 with a natal pillar (or the 大运)
	IntShenSha                                  // the flow branch is a natal 神煞
	IntSpousePalaceChong                        // 冲 of the natal day branch (夫妻宫)
	NumInteractionKinds
)

var interactionKeys = [NumInteractionKinds]string{"stem_he", "stem_chong", "liu_he", "ban_he", "gong_he", "chong", "xing", "hai", "po",
	"sui_yun_bing_lin", "fu_yin", "fan_yin", "shensha", "spouse_palace_chong"}

// Key returns the stable key, e.g. "chong", "sui_yun_bing_lin".
func (k InteractionKind) Key() string { return interactionKeys[k%NumInteractionKinds] }

// relationInteraction maps a relation kind to its interaction kind.
var relationInteraction = [numRelationKinds]InteractionKind{
	RelStemHe: IntStemHe, RelStemChong: IntStemChong, RelLiuHe: IntLiuHe, RelSanHe: IntBanHe,
	RelBanHeShengWang: IntBanHe, RelBanHeMuWang: IntBanHe, RelGongHe: IntGongHe, RelSanHui: IntBanHe,
	RelChong: IntChong, RelXingWuEn: IntXing, RelXingShiShi: IntXing, RelXingWuLi: IntXing, RelZiXing: IntXing,
	RelHai: IntHai, RelPo: IntPo,
}

// Interaction is one fact of a 大运 or 流年 against the chart, with the rule
// that produced it. It is small and pointer-free; its JSON form is
//
//	{"kind":"spouse_palace_chong","rule":"子午冲：冲日支夫妻宫","pillars":["year_flow","day"]}
type Interaction struct {
	Kind    InteractionKind
	Pillars FlowMask
	// Flow is the flow pillar's pair (the 流年's or the 大运's).
	Flow GanZhi
	// Other is the partner's pair (natal pillar or 大运) for 岁运并临, 伏吟
	// and 反吟.
	Other GanZhi
	rel   Relation // the stem or branch relation (relation kinds)
	star  Star     // IntShenSha
	basis basisKind
	bval  uint8 // the basis stem or branch of the 神煞
}

// Key returns the kind's stable key.
func (i *Interaction) Key() string { return i.Kind.Key() }

// PillarKeys lists the pillars involved: "year_flow", "luck", then the
// natal "year", "month", "day", "hour" (shared slice, read-only).
func (i *Interaction) PillarKeys() []string { return flowMembers[i.Pillars&63] }

// Relation returns the stem or branch relation of a relation kind
// (IntStemHe … IntPo, IntSpousePalaceChong).
func (i *Interaction) Relation() (Relation, bool) {
	switch i.Kind {
	case IntSuiYunBingLin, IntFuYin, IntFanYin, IntShenSha:
		return Relation{}, false
	}
	return i.rel, true
}

// Star returns the 神煞 of IntShenSha.
func (i *Interaction) Star() (Star, bool) { return i.star, i.Kind == IntShenSha }

// Chars is what a page shows for it: the relation's characters ("子午"),
// the flow pair (岁运并临, 伏吟, 反吟) or the flow branch (神煞).
func (i *Interaction) Chars() string {
	switch i.Kind {
	case IntSuiYunBingLin, IntFuYin, IntFanYin:
		return i.Flow.String()
	case IntShenSha:
		return i.Flow.Branch().String()
	}
	return i.rel.Chars()
}

// Partner is the other pillar's key: the natal pillar ("year" … "hour"),
// or "luck" for a 流年 read against its 大运.
func (i *Interaction) Partner() string {
	m := i.Pillars &^ FlowYear
	if i.Pillars&FlowYear == 0 {
		m = i.Pillars &^ FlowLuck
	}
	if k := flowMembers[m&63]; len(k) > 0 {
		return k[0]
	}
	return ""
}

// Rule returns the rule as taught, e.g. "子午冲", "岁运并临：流年与大运同为甲子",
// "桃花：日支子见酉".
func (i *Interaction) Rule() string { return string(i.AppendRule(make([]byte, 0, 64))) }

var flowNamesZH = [2]string{"流年", "大运"}
var pillarNamesZH = [6]string{"流年", "大运", "年柱", "月柱", "日柱", "时柱"}
var basisNamesZH = [bkMonthBranch + 1]string{"日干", "年干", "日支", "年支", "月支"}

// flowName is the Chinese name of the interaction's flow pillar.
func (i *Interaction) flowName() string {
	if i.Pillars&FlowYear != 0 {
		return flowNamesZH[0]
	}
	return flowNamesZH[1]
}

// partnerNameZH is the partner's Chinese name (年柱 … 大运).
func (i *Interaction) partnerNameZH() string {
	p := i.Partner()
	for k, key := range flowKeys {
		if key == p {
			return pillarNamesZH[k]
		}
	}
	return ""
}

// AppendRule appends Rule's text to b without building a string.
func (i *Interaction) AppendRule(b []byte) []byte {
	switch i.Kind {
	case IntSuiYunBingLin:
		b = append(b, "岁运并临：流年与大运同为"...)
		return append(b, i.Flow.String()...)
	case IntFuYin:
		b = append(b, "伏吟："...)
		b = append(b, i.flowName()...)
		b = append(b, "与"...)
		b = append(b, i.partnerNameZH()...)
		b = append(b, "同为"...)
		return append(b, i.Flow.String()...)
	case IntFanYin:
		b = append(b, "反吟：天克地冲，"...)
		b = append(b, i.flowName()...)
		b = append(b, i.Flow.String()...)
		b = append(b, "与"...)
		b = append(b, i.partnerNameZH()...)
		return append(b, i.Other.String()...)
	case IntShenSha:
		// "桃花：日支子见酉": the basis stem or branch, then the flow branch
		// it finds the star on (the pillars say whose).
		b = append(b, i.star.String()...)
		b = append(b, "："...)
		b = append(b, basisNamesZH[i.basis%(bkMonthBranch+1)]...)
		if i.basis == bkDayStem || i.basis == bkYearStem {
			b = append(b, Stem(i.bval).String()...)
		} else {
			b = append(b, Branch(i.bval).String()...)
		}
		b = append(b, "见"...)
		return append(b, i.Flow.Branch().String()...)
	}
	r := &i.rel
	b = append(b, r.Chars()...)
	b = append(b, r.Name()...)
	if sub := r.SubtypeName(); sub != "" {
		b = append(b, '(')
		b = append(b, sub...)
		b = append(b, ')')
	}
	if i.Kind == IntSpousePalaceChong {
		b = append(b, "：冲日支夫妻宫"...)
	}
	return b
}

// AppendJSON appends the JSON form described on Interaction.
func (i *Interaction) AppendJSON(b []byte) []byte {
	b = append(b, `{"kind":"`...)
	b = append(b, i.Kind.Key()...)
	b = append(b, `","rule":"`...)
	b = i.AppendRule(b)
	b = append(b, `","pillars":[`...)
	for k, key := range i.PillarKeys() {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, key...)
		b = append(b, '"')
	}
	return append(b, "]}"...)
}

// MaxInteractions bounds the interactions of one flow pillar, for a
// caller's buffer: five partners with at most a pair match, a stem
// relation and four branch relations each, and the 神煞 of flowStars.
const MaxInteractions = 5*6 + 16

// flowStars are the 神煞 read for a 流年 or 大运 branch: the ones a 岁运
// reading names (nobles, 禄刃, the 三合-group stars, the marriage stars).
var flowStars = func() (m uint64) {
	for _, s := range []Star{StarTianYi, StarWenChang, StarLuShen, StarYangRen, StarYiMa, StarTaoHua, StarHuaGai,
		StarJiangXing, StarJieSha, StarWangShen, StarHongLuan, StarTianXi, StarGuChen, StarGuaSu} {
		m |= 1 << s
	}
	return m
}()

// Interactions appends the 大运's interactions with the natal pillars to dst.
func (p *LuckPillar) Interactions(dst []Interaction) []Interaction {
	return appendFlowInteractions(dst, &p.Natal, p.GanZhi, FlowLuck, 0, false)
}

// Interactions appends the 流年's interactions to dst: with its 大运 (when
// it has one), then with the natal pillars, then its 神煞.
func (n *LiuNian) Interactions(dst []Interaction) []Interaction {
	return appendFlowInteractions(dst, &n.Natal, n.GanZhi, FlowYear, n.Luck, n.HasLuck)
}

// FlowInteractions appends the interactions of flow pair g, read as a
// 流年 (year true) or a 大运, with the natal pillars of nat (and, for a
// year, with its 大运 luck when hasLuck), to dst.
func FlowInteractions(dst []Interaction, nat Natal, g GanZhi, year bool, luck GanZhi, hasLuck bool) []Interaction {
	self := FlowLuck
	if year {
		self = FlowYear
	} else {
		hasLuck = false
	}
	return appendFlowInteractions(dst, &nat, g, self, luck, hasLuck)
}

// isFanYin: 天克地冲, the stems of different elements one controlling the
// other and the branches clashing.
func isFanYin(a, b GanZhi) bool {
	ea, eb := a.Stem().Element(), b.Stem().Element()
	if ea.Controls() != eb && eb.Controls() != ea {
		return false
	}
	ba, bb := a.Branch(), b.Branch()
	return (ba+6)%NumBranches == bb
}

func appendFlowInteractions(dst []Interaction, nat *Natal, g GanZhi, self FlowMask, luck GanZhi, hasLuck bool) []Interaction {
	n := int(nat.N)
	if n == 0 {
		return dst
	}
	g %= NumGanZhi
	gs, gb := g.Stem(), g.Branch()
	// Partners in order: the 大运 (for a year), then the natal pillars.
	var partners [5]GanZhi
	var bitsOf [5]FlowMask
	k := 0
	if hasLuck {
		partners[k], bitsOf[k] = luck%NumGanZhi, FlowLuck
		k++
	}
	for pos := 0; pos < n && pos < 4; pos++ {
		partners[k], bitsOf[k] = nat.Pillars[pos]%NumGanZhi, natalBit(pos)
		k++
	}
	for j := 0; j < k; j++ {
		o, bit := partners[j], bitsOf[j]
		m := self | bit
		switch {
		case o == g && bit == FlowLuck:
			dst = append(dst, Interaction{Kind: IntSuiYunBingLin, Pillars: m, Flow: g, Other: o})
		case o == g:
			dst = append(dst, Interaction{Kind: IntFuYin, Pillars: m, Flow: g, Other: o})
		case isFanYin(g, o):
			dst = append(dst, Interaction{Kind: IntFanYin, Pillars: m, Flow: g, Other: o})
		}
		// Relations written in the taught order (lower stem or branch first).
		os, ob := o.Stem(), o.Branch()
		if r, ok := StemPairRelation(min(gs, os), max(gs, os)); ok {
			dst = append(dst, Interaction{Kind: relationInteraction[r.Kind], Pillars: m, Flow: g, Other: o, rel: r})
		}
		lo, hi := min(gb, ob), max(gb, ob)
		pr := &branchPairRels[lo][hi]
		for x := uint8(0); x < pr.n; x++ {
			r := pairRel(pr.kinds[x], 0, uint8(lo), uint8(hi))
			r.el = pr.els[x]
			kind := relationInteraction[r.Kind]
			if kind == IntChong && bit == FlowNatalDay {
				kind = IntSpousePalaceChong
			}
			dst = append(dst, Interaction{Kind: kind, Pillars: m, Flow: g, Other: o, rel: r})
		}
	}
	// 神煞: the flow branch is a star counted from a natal stem or branch,
	// the first basis in the natal order (day stem, year stem, day branch,
	// year branch, month branch) naming the rule, as on the chart.
	fp := &nat.Pillars
	val := [bkMonthBranch + 1]uint8{uint8(fp[PosDay].Stem()), uint8(fp[PosYear].Stem()), uint8(fp[PosDay].Branch()),
		uint8(fp[PosYear].Branch()), uint8(fp[PosMonth].Branch())}
	basisBit := [bkMonthBranch + 1]FlowMask{FlowNatalDay, FlowNatalYear, FlowNatalDay, FlowNatalYear, FlowNatalMonth}
	var seen uint64
	for b := bkDayStem; b <= bkMonthBranch; b++ {
		hits := starByBranch[b][val[b]][gb] & flowStars &^ seen
		seen |= hits
		for hits != 0 {
			s := Star(bits.TrailingZeros64(hits))
			hits &= hits - 1
			dst = append(dst, Interaction{Kind: IntShenSha, Pillars: self | basisBit[b], Flow: g, star: s, basis: b, bval: val[b]})
		}
	}
	return dst
}

// natalOf is the Natal of a chart's pillars.
func natalOf(year, month, day, hour GanZhi, hasHour bool) Natal {
	n := Natal{Pillars: [4]GanZhi{year, month, day, hour}, N: 3}
	if hasHour {
		n.N = 4
	}
	return n
}

// NatalOf is the Natal of four pillars.
func NatalOf(p Pillars) Natal { return natalOf(p.Year, p.Month, p.Day, p.Hour, p.HasHour) }

// TaughtChars returns a pair's characters in the order they are taught,
// the lower stem or branch first ("子午", "甲己"), whatever order the pair
// was read in; a group's as Chars.
func (r Relation) TaughtChars() string {
	if r.group >= 0 {
		return r.Chars()
	}
	lo, hi := min(r.a, r.b), max(r.a, r.b)
	if r.IsStem() {
		return stemPairChars[lo%NumStems][hi%NumStems]
	}
	return branchPairChars[lo%NumBranches][hi%NumBranches]
}

// TaughtRule is Rule with TaughtChars: "子午冲" for 午 read against 子.
func (r Relation) TaughtRule() string {
	s := r.TaughtChars() + r.Name()
	if sub := r.SubtypeName(); sub != "" {
		s += "(" + sub + ")"
	}
	return s
}
