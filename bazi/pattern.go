package bazi

import "strconv"

// Pattern is the chart's 格局: its name, whether it is formed (成格) or
// broken (破格), and the rules that decided both.
type Pattern struct {
	Key     string // e.g. "zheng_guan"
	Name    string // e.g. "正官格"
	Special bool   // 从格, 化气格, 专旺格
	Formed  bool   // 成格
	Rescued bool   // 破而有救 (救应): formed because a rescue exists
	// Element is the element of the stem or qi that names the pattern.
	Element Element
	// rules: the selection first, then the verdict (breakers and rescues).
	rules  [maxPatternRules]Rule
	nRules uint8
}

// maxPatternRules: a selection, at most three breakers or rescues, and
// the formation.
const maxPatternRules = 6

// Rules are the selection, then the verdict (a view: read-only).
func (p *Pattern) Rules() []Rule { return p.rules[:p.nRules:p.nRules] }

func (p *Pattern) addRule(r Rule) {
	if int(p.nRules) < maxPatternRules {
		p.rules[p.nRules] = r
		p.nRules++
	}
}

// Reason is the verdict's Chinese text: the selection and the verdict.
func (p *Pattern) Reason() string {
	s := ""
	for i, r := range p.Rules() {
		if i > 0 {
			s += "；"
		}
		s += r.Text()
	}
	return s
}

// appendReason appends Reason as a JSON string.
func (p *Pattern) appendReason(b []byte) []byte {
	b = append(b, '"')
	for i := range p.Rules() {
		if i > 0 {
			b = append(b, "；"...)
		}
		b = appendRuleTextBody(b, &p.rules[i])
	}
	return append(b, '"')
}

// Pattern thresholds on Strength.Score (share of support, 0–100) for the
// 从 patterns: below CongWeakBelow the day master may follow (从弱), from
// CongStrongFrom it may only be followed (从强). 专旺 needs the day
// master's own element to hold ZhuanWangShare of the weighted scores.
const (
	CongWeakBelow  = 20.0
	CongStrongFrom = 80.0
	ZhuanWangShare = 50.0
)

var (
	// luBranch[dm]: 禄 of each day stem (甲禄在寅 …).
	luBranch = [NumStems]Branch{2, 3, 5, 6, 5, 6, 8, 9, 11, 0}
	// renBranch[dm]: 羊刃 of the yang stems (甲刃在卯 …), per 《子平真诠》论阳刃.
	renBranch = [NumStems]Branch{3, 0, 6, 0, 6, 0, 9, 0, 0, 0}
	// huaElement[min(a,b)%5]: 甲己化土, 乙庚化金, 丙辛化水, 丁壬化木, 戊癸化火.
	huaElement = [5]Element{Earth, Metal, Water, Wood, Fire}

	zhuanWangKeys  = [5]string{"qu_zhi", "yan_shang", "jia_se", "cong_ge", "run_xia"}
	zhuanWangNames = [5]string{"曲直格", "炎上格", "稼穑格", "从革格", "润下格"}
	// congRuo by the followed element relative to the day master (1 output, 2 wealth, 3 officer).
	congKeys  = [5]string{"", "cong_er", "cong_cai", "cong_sha", ""}
	congNames = [5]string{"", "从儿格", "从财格", "从杀格", ""}

	// Ordinary patterns by the ten god that names them.
	godPatternKeys  = [NumTenGods]string{"jian_lu", "yue_jie", "shi_shen", "shang_guan", "pian_cai", "zheng_cai", "qi_sha", "zheng_guan", "pian_yin", "zheng_yin", ""}
	godPatternNames = [NumTenGods]string{"建禄格", "月劫格", "食神格", "伤官格", "偏财格", "正财格", "七杀格", "正官格", "偏印格", "正印格", ""}
	pillarNames     = [4]string{"年", "月", "日", "时"}
)

// chartView is what the pattern and useful-god rules look at.
type chartView struct {
	st    *[4]Stem
	br    *[4]Branch
	n     int
	dm    Stem
	s     *Strength
	share [5]float64 // each element's share of the weighted scores, 0–100
}

func newChartView(st *[4]Stem, br *[4]Branch, n int, scores *[5]float64, s *Strength) chartView {
	v := chartView{st: st, br: br, n: n, dm: st[PosDay], s: s}
	var total float64
	for _, x := range scores {
		total += x
	}
	if total > 0 {
		for e := range scores {
			v.share[e] = round1(scores[e] * 100 / total)
		}
	}
	return v
}

// rel is an element's relation to the day master: 0 same, 1 output,
// 2 wealth, 3 officer, 4 resource.
func (v *chartView) rel(e Element) int { return int((e + 5 - v.dm.Element()) % 5) }

// relElement is the element at relation r to the day master.
func (v *chartView) relElement(r int) Element { return (v.dm.Element() + Element(r)) % 5 }

// shown returns the position of the first year, month or hour stem whose
// ten god is one of gs (透出), or -1.
func (v *chartView) shown(gs ...TenGod) int {
	for i := 0; i < v.n; i++ {
		if i == PosDay {
			continue
		}
		g := TenGodOf(v.dm, v.st[i])
		for _, w := range gs {
			if g == w {
				return i
			}
		}
	}
	return -1
}

// showsAt is the first year, month or hour position whose stem is h, or -1.
func (v *chartView) showsAt(h Stem) int {
	for pos := 0; pos < v.n; pos++ {
		if pos != PosDay && v.st[pos] == h {
			return pos
		}
	}
	return -1
}

// zaQi reports whether b is one of the four 库 branches (辰戌丑未), whose
// month is called 杂气.
func zaQi(b Branch) bool { return b%3 == 1 }

// shownRel is shown for the two ten gods of a relation.
func (v *chartView) shownRel(r int) int { return v.shown(TenGod(2*r), TenGod(2*r+1)) }

// elementVisible: a stem (other than the day stem) or a branch's main qi
// of element e.
func (v *chartView) elementVisible(e Element) bool {
	for i := 0; i < v.n; i++ {
		if i != PosDay && v.st[i].Element() == e {
			return true
		}
		if branchHidden[v.br[i]][0].Element() == e {
			return true
		}
	}
	return false
}

func (v *chartView) stemAt(pos int) string { return v.st[pos].String() }

// pct writes a share already rounded to one decimal (round1); the 1001
// forms 0–100 are made once, so a rule's argument costs no allocation.
func pct(x float64) string {
	if i := int(x*10 + 0.5); i >= 0 && i < len(pctForms) && float64(i)/10 == x {
		return pctForms[i]
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

var pctForms = func() (t [1001]string) {
	for i := range t {
		t[i] = strconv.FormatFloat(float64(i)/10, 'f', -1, 64)
	}
	return t
}()

// patternOf decides the 格局: the special patterns first, where their
// conditions hold, then the ordinary pattern of the month branch.
func patternOf(v *chartView) Pattern {
	if p, ok := huaQiPattern(v); ok {
		return p
	}
	if p, ok := zhuanWangPattern(v); ok {
		return p
	}
	if p, ok := congPattern(v); ok {
		return p
	}
	return ordinaryPattern(v)
}

func specialFormed(p Pattern) Pattern {
	p.Special, p.Formed = true, true
	p.addRule(newRule("pattern.form.special", p.Name))
	return p
}

// huaQiPattern: 化气格. The day stem combines with the month or hour stem
// beside it; the transformed element rules the month; no stem controls
// the transformed element; no third stem competes for the combination;
// and the day stem has no root to hold it back.
func huaQiPattern(v *chartView) (Pattern, bool) {
	if v.s.Rooted {
		return Pattern{}, false
	}
	for _, pos := range [2]int{PosMonth, PosHour} {
		if pos >= v.n {
			continue
		}
		a, b := v.dm, v.st[pos]
		if a%5 != b%5 || a == b {
			continue
		}
		m := a
		if b < m {
			m = b
		}
		hua := huaElement[m%5]
		if v.br[PosMonth].Element() != hua {
			continue
		}
		ok := true
		breaker := (hua + 3) % 5 // the element that controls the transformed one
		for i := 0; i < v.n; i++ {
			if i == PosDay || i == pos {
				continue
			}
			if s := v.st[i]; s.Element() == breaker || s == a || s == b {
				ok = false
			}
		}
		if !ok {
			continue
		}
		p := Pattern{Key: "hua_qi_" + hua.Key(), Name: "化" + hua.String() + "格", Element: hua}
		p.addRule(newRule("pattern.select.huaqi", a.String(), pillarNames[pos], b.String(), hua.String(), v.br[PosMonth].String(), breaker.String()))
		return specialFormed(p), true
	}
	return Pattern{}, false
}

// zhuanWangPattern: 专旺格 (一行得气). The day master's element rules the
// month, holds most of the chart, and no officer (官杀) shows or roots.
func zhuanWangPattern(v *chartView) (Pattern, bool) {
	e := v.dm.Element()
	if v.br[PosMonth].Element() != e || v.share[e] < ZhuanWangShare || v.s.Score < CongStrongFrom {
		return Pattern{}, false
	}
	if v.elementVisible(v.relElement(3)) {
		return Pattern{}, false
	}
	p := Pattern{Key: zhuanWangKeys[e], Name: zhuanWangNames[e], Element: e}
	p.addRule(newRule("pattern.select.zhuanwang", v.dm.String(), v.br[PosMonth].String(), pct(v.share[e]), v.relElement(3).String(), p.Name))
	return specialFormed(p), true
}

// congPattern: 从强 (support overwhelming, no wealth or officer) and 从弱
// — 从儿, 从财, 从杀 — (the day master rootless and unhelped, following
// the strongest of output, wealth and officer).
func congPattern(v *chartView) (Pattern, bool) {
	if v.s.Score >= CongStrongFrom {
		if v.elementVisible(v.relElement(2)) || v.elementVisible(v.relElement(3)) {
			return Pattern{}, false
		}
		p := Pattern{Key: "cong_qiang", Name: "从强格", Element: v.dm.Element()}
		p.addRule(newRule("pattern.select.cong_qiang", v.dm.String(), pct(v.s.Score)))
		return specialFormed(p), true
	}
	if v.s.Score >= CongWeakBelow || v.s.Rooted || v.shownRel(0) >= 0 || v.shownRel(4) >= 0 {
		return Pattern{}, false
	}
	best := 1
	for r := 2; r <= 3; r++ {
		if v.share[v.relElement(r)] > v.share[v.relElement(best)] {
			best = r
		}
	}
	e := v.relElement(best)
	p := Pattern{Key: congKeys[best], Name: congNames[best], Element: e}
	p.addRule(newRule("pattern.select.cong_ruo", v.dm.String(), pct(v.s.Score), e.String(), p.Name))
	return specialFormed(p), true
}

// ordinaryPattern: 正格 by the month branch (《子平真诠》论用神): 建禄, 月刃
// and 月劫 by the month itself; otherwise the first hidden stem of the
// month (本气, then 中气, then 余气) that shows among the other stems,
// skipping 比劫; with nothing showing, the principal qi (or, if that is
// 比劫, the next hidden stem).
func ordinaryPattern(v *chartView) Pattern {
	mb := v.br[PosMonth]
	hidden := branchHidden[mb]
	var p Pattern
	var g TenGod
	switch {
	case mb == luBranch[v.dm]:
		g = BiJian
		p = Pattern{Key: "jian_lu", Name: "建禄格"}
		p.addRule(newRule("pattern.select.lu", v.dm.String(), mb.String()))
	case v.dm.Polarity() == Yang && mb == renBranch[v.dm]:
		g = JieCai
		p = Pattern{Key: "yang_ren", Name: "月刃格"}
		p.addRule(newRule("pattern.select.ren", v.dm.String(), mb.String()))
	case v.dm.Polarity() == Yin && TenGodOf(v.dm, hidden[0]) == JieCai:
		g = JieCai
		p = Pattern{Key: "yue_jie", Name: "月劫格"}
		p.addRule(newRule("pattern.select.jie", v.dm.String(), mb.String(), hidden[0].String()))
	default:
		pick := -1
		if zaQi(mb) {
			// 杂气 (the four 库 months, 辰戌丑未) store several qi; 《渊海子平》's
			// 杂气财官 and 《子平真诠·论杂气如何取用》 take the 官 or 财 that
			// shows before the order of the hidden stems.
			for _, want := range [2]int{3, 2} {
				for i, h := range hidden {
					if hg := TenGodOf(v.dm, h); int(hg)/2 == want {
						if pos := v.showsAt(h); pos >= 0 {
							pick, g = i, hg
							p = Pattern{Key: godPatternKeys[g], Name: godPatternNames[g]}
							p.addRule(newRule("pattern.select.za_qi", mb.String(), HiddenRole(i).Name(), h.String(), pillarNames[pos], g.String(), p.Name))
							break
						}
					}
				}
				if pick >= 0 {
					break
				}
			}
		}
		for i, h := range hidden {
			if pick >= 0 {
				break
			}
			hg := TenGodOf(v.dm, h)
			if hg == BiJian || hg == JieCai {
				continue
			}
			if pos := v.showsAt(h); pos >= 0 {
				pick = i
				g = hg
				p = Pattern{Key: godPatternKeys[g], Name: godPatternNames[g]}
				p.addRule(newRule("pattern.select.tou", mb.String(), HiddenRole(i).Name(), h.String(), pillarNames[pos], g.String(), p.Name))
			}
		}
		if pick < 0 {
			i := 0
			for i < len(hidden)-1 {
				if hg := TenGodOf(v.dm, hidden[i]); hg != BiJian && hg != JieCai {
					break
				}
				i++
			}
			pick = i
			g = TenGodOf(v.dm, hidden[i])
			if g == BiJian || g == JieCai { // not reached with the standard hidden stems
				g = BiJian
			}
			p = Pattern{Key: godPatternKeys[g], Name: godPatternNames[g]}
			if i == 0 {
				p.addRule(newRule("pattern.select.main", mb.String(), hidden[0].String(), g.String(), p.Name))
			} else {
				p.addRule(newRule("pattern.select.next", mb.String(), HiddenRole(i).Name(), hidden[i].String(), g.String(), p.Name))
			}
		}
		p.Element = hidden[pick].Element()
	}
	if g == BiJian || g == JieCai {
		p.Element = v.dm.Element()
	}
	judge(v, &p, g)
	return p
}

// verdict collects the breakers (破) and rescues (救应) of a pattern.
type verdict struct {
	p       *Pattern
	broken  bool
	rescued bool
}

func (d *verdict) breaks(r Rule) {
	if !d.broken {
		d.p.addRule(r)
	}
	d.broken = true
}

func (d *verdict) rescue(r Rule) {
	d.p.addRule(r)
	d.rescued = true
}

// judge decides 成格 or 破格 of an ordinary pattern by 《子平真诠》论用神成败救应:
// the first unrescued breaker breaks it; a breaker with its rescue leaves
// it formed with 救应; otherwise the formation is named.
func judge(v *chartView, p *Pattern, g TenGod) {
	d := verdict{p: p}
	stem := func(pos int) string { return v.stemAt(pos) }
	clash := func() bool {
		for i := 0; i < v.n; i++ {
			if i != PosMonth && v.br[i] == (v.br[PosMonth]+6)%NumBranches {
				// 《子平真诠·论刑冲会合解法》: a 六合 of the month or of the
				// clashing branch with a third branch undoes the clash.
				for j := 0; j < v.n; j++ {
					if j == i || j == PosMonth {
						continue
					}
					for _, k := range [2]int{PosMonth, i} {
						if (v.br[j]+v.br[k])%NumBranches == 1 {
							d.rescue(newRule("pattern.rescue.he_jie_chong", v.br[PosMonth].String(), pillarNames[i], v.br[i].String(), pillarNames[j], v.br[j].String(), v.br[k].String()))
							return false
						}
					}
				}
				d.breaks(newRule("pattern.break.clash", v.br[PosMonth].String(), pillarNames[i], v.br[i].String()))
				return true
			}
		}
		return false
	}
	strong := v.s.Label == "strong" || v.s.Label == "very_strong"
	var form Rule
	switch g {
	case ZhengGuan:
		if i := v.shown(ShangGuan); i >= 0 {
			if j := v.shownRel(4); j >= 0 {
				d.rescue(newRule("pattern.rescue.yin_shang", stem(i), stem(j)))
			} else {
				d.breaks(newRule("pattern.break.shang_guan", stem(i)))
			}
		}
		if i := v.shown(QiSha); i >= 0 {
			he := -1
			for j := 0; j < v.n; j++ {
				if j != i && j != PosDay && v.st[j]%5 == v.st[i]%5 && v.st[j] != v.st[i] {
					he = j
				}
			}
			if he >= 0 {
				d.rescue(newRule("pattern.rescue.he_sha", stem(he), stem(i)))
			} else {
				d.breaks(newRule("pattern.break.hun_sha", stem(i)))
			}
		}
		clash()
		switch {
		case v.shownRel(2) >= 0:
			form = newRule("pattern.form.guan_aid", "财")
		case v.shownRel(4) >= 0:
			form = newRule("pattern.form.guan_aid", "印")
		default:
			form = newRule("pattern.form.clean", p.Name)
		}
	case QiSha:
		switch {
		case v.shown(ShiShen) >= 0:
			form = newRule("pattern.form.sha_shi")
		case v.shownRel(4) >= 0:
			form = newRule("pattern.form.sha_yin")
		case strong:
			form = newRule("pattern.form.sha_strong")
		default:
			if i := v.shownRel(2); i >= 0 {
				d.breaks(newRule("pattern.break.cai_sha", stem(i)))
			} else {
				d.breaks(newRule("pattern.break.sha_free"))
			}
		}
		clash()
	case ZhengCai, PianCai:
		if i := v.shownRel(0); i >= 0 {
			if j := v.shownRel(3); j >= 0 {
				d.rescue(newRule("pattern.rescue.guan_jie", stem(i), stem(j)))
			} else if j := v.shownRel(1); j >= 0 {
				d.rescue(newRule("pattern.rescue.shi_jie", stem(i), stem(j)))
			} else {
				d.breaks(newRule("pattern.break.bi_jie", stem(i)))
			}
		}
		if v.s.Label == "very_weak" && v.shownRel(4) < 0 && v.shownRel(0) < 0 {
			d.breaks(newRule("pattern.break.cai_weak"))
		}
		clash()
		switch {
		case v.shownRel(3) >= 0:
			form = newRule("pattern.form.cai_guan")
		case v.shownRel(1) >= 0:
			form = newRule("pattern.form.cai_shi")
		default:
			form = newRule("pattern.form.clean", p.Name)
		}
	case ZhengYin, PianYin:
		if i := v.shownRel(2); i >= 0 {
			if j := v.shownRel(0); j >= 0 {
				d.rescue(newRule("pattern.rescue.jie_yin", stem(i), stem(j)))
			} else {
				d.breaks(newRule("pattern.break.cai_yin", stem(i)))
			}
		}
		clash()
		if v.shownRel(3) >= 0 {
			form = newRule("pattern.form.yin_guan")
		} else {
			form = newRule("pattern.form.clean", p.Name)
		}
	case ShiShen:
		if i := v.shown(PianYin); i >= 0 {
			if j := v.shownRel(2); j >= 0 {
				d.rescue(newRule("pattern.rescue.cai_xiao", stem(i), stem(j)))
			} else {
				d.breaks(newRule("pattern.break.xiao_shi", stem(i)))
			}
		}
		clash()
		switch {
		case v.shownRel(2) >= 0:
			form = newRule("pattern.form.shi_cai")
		case v.shown(QiSha) >= 0:
			form = newRule("pattern.form.shi_sha")
		default:
			form = newRule("pattern.form.clean", p.Name)
		}
	case ShangGuan:
		if i := v.shown(ZhengGuan); i >= 0 {
			if j := v.shownRel(2); j >= 0 {
				d.rescue(newRule("pattern.rescue.shang_cai", stem(j)))
			} else if j := v.shownRel(4); j >= 0 {
				d.rescue(newRule("pattern.rescue.shang_yin", stem(j)))
			} else {
				d.breaks(newRule("pattern.break.shang_jian", stem(i)))
			}
		}
		clash()
		switch {
		case v.shownRel(2) >= 0:
			form = newRule("pattern.form.shang_cai")
		case v.shownRel(4) >= 0 && !strong:
			form = newRule("pattern.form.shang_yin")
		default:
			form = newRule("pattern.form.clean", p.Name)
		}
	default: // 建禄, 月刃, 月劫
		if p.Key == "yang_ren" {
			if i := v.shownRel(3); i >= 0 {
				form = newRule("pattern.form.ren_guan", TenGodOf(v.dm, v.st[i]).String())
			} else {
				d.breaks(newRule("pattern.break.ren_none"))
			}
			break
		}
		for _, r := range [3]int{3, 2, 1} {
			if i := v.shownRel(r); i >= 0 {
				form = newRule("pattern.form.lu_use", TenGodOf(v.dm, v.st[i]).String())
				break
			}
		}
		if form.Key == "" {
			d.breaks(newRule("pattern.break.lu_none"))
		}
	}
	p.Formed = !d.broken
	p.Rescued = !d.broken && d.rescued
	if p.Formed && !d.rescued {
		p.addRule(form)
	}
}

// patternKeyByName maps every pattern name the engine gives to its key
// (read-only after init).
var patternKeyByName = func() map[string]string {
	m := map[string]string{}
	for g, k := range godPatternKeys {
		if k != "" {
			m[godPatternNames[g]] = k
		}
	}
	m["月刃格"] = "yang_ren"
	for e := Element(0); e < 5; e++ {
		m[zhuanWangNames[e]] = zhuanWangKeys[e]
		m["化"+e.String()+"格"] = "hua_qi_" + e.Key()
		if congKeys[e] != "" {
			m[congNames[e]] = congKeys[e]
		}
	}
	m["从强格"] = "cong_qiang"
	return m
}()

// PatternKey returns the key of a pattern name ("正官格" → "zheng_guan").
func PatternKey(name string) (string, bool) {
	k, ok := patternKeyByName[name]
	return k, ok
}

// PatternKeys lists every pattern key, for the tests that check each is
// translated.
func PatternKeys() []string {
	out := make([]string, 0, len(patternKeyByName))
	for _, k := range patternKeyByName {
		out = append(out, k)
	}
	return out
}
