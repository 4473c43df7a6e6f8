package bazi

import "strings"

// Method keys of the useful god (用神).
const (
	MethodPattern  = "pattern"  // 从格/化气/专旺: follow the pattern
	MethodFuYi     = "fuyi"     // 扶抑: support the weak, restrain the strong
	MethodTiaoHou  = "tiaohou"  // 调候: the season's climate (《穷通宝鉴》)
	MethodTongGuan = "tongguan" // 通关: mediate two warring elements
	MethodBingYao  = "bingyao"  // 病药: cure the element in excess
)

var methodNames = map[string]string{MethodPattern: "格局", MethodFuYi: "扶抑", MethodTiaoHou: "调候", MethodTongGuan: "通关", MethodBingYao: "病药"}

// MethodName returns the Chinese name of a method key.
func MethodName(key string) string { return methodNames[key] }

// Thresholds on element shares (0–100 of the weighted scores).
const (
	TongGuanShare = 30.0 // both warring elements at least this
	BingYaoShare  = 40.0 // one element at least this is a disease
	TiaoHouScarce = 10.0 // the climate element below this makes 调候 pressing
)

// MethodResult is the useful god one method names.
type MethodResult struct {
	Method  string  // MethodFuYi …
	Applies bool    // the method has something to say about this chart
	Element Element // its 用神 (meaningful when Applies)
	Stems   []Stem  // 调候: the stems of the table, most needed first
	Rule    Rule
}

// God is one of the five gods (喜用忌仇闲) with the rule that assigns it.
type God struct {
	Role    string // yong, xi, ji, chou, xian
	Element Element
	Rule    Rule
}

// God roles in the order the page shows them.
var godRoles = [5]string{"yong", "xi", "ji", "chou", "xian"}
var godNames = [5]string{"用神", "喜神", "忌神", "仇神", "闲神"}

// GodName returns the Chinese name of a god role.
func GodName(role string) string {
	for i, r := range godRoles {
		if r == role {
			return godNames[i]
		}
	}
	return ""
}

// UsefulGod is the 用神 with the method chosen, the five gods it implies,
// and every method's own answer (they may disagree; all are kept).
type UsefulGod struct {
	Method  string  // the method the chart's 用神 follows
	Element Element // 用神
	Primary Rule    // why that method leads
	Gods    [5]God  // 用, 喜, 忌, 仇, 闲
	// methods: the pattern's (for a special pattern), then 扶抑, 调候,
	// 通关, 病药.
	methods  [5]MethodResult
	nMethods uint8
}

// Methods are every method's answer (a view: read-only).
func (u *UsefulGod) Methods() []MethodResult { return u.methods[:u.nMethods:u.nMethods] }

func (u *UsefulGod) addMethod(m MethodResult) *MethodResult {
	u.methods[u.nMethods] = m
	u.nMethods++
	return &u.methods[u.nMethods-1]
}

// Favourable is 用神 then 喜神; Unfavourable is 忌神 then 仇神.
func (u *UsefulGod) Favourable() []Element   { return []Element{u.Gods[0].Element, u.Gods[1].Element} }
func (u *UsefulGod) Unfavourable() []Element { return []Element{u.Gods[2].Element, u.Gods[3].Element} }

// Reasons: why the leading method, each applying method's rule, then the
// gods, in Chinese.
func (u *UsefulGod) Reasons() []string {
	var out []string
	u.eachReason(func(r *Rule) { out = append(out, r.Text()) })
	return out
}

func (u *UsefulGod) eachReason(f func(r *Rule)) {
	f(&u.Primary)
	for i := range u.Methods() {
		if u.methods[i].Applies {
			f(&u.methods[i].Rule)
		}
	}
	for i := range u.Gods {
		f(&u.Gods[i].Rule)
	}
}

// Disagree reports whether the applying methods name different elements.
func (u *UsefulGod) Disagree() bool {
	seen := -1
	for _, m := range u.Methods() {
		if !m.Applies {
			continue
		}
		if seen >= 0 && Element(seen) != m.Element {
			return true
		}
		seen = int(m.Element)
	}
	return false
}

var relGroupNames = [5]string{"比劫", "食伤", "财", "官杀", "印"}

func joinStems(ss []Stem) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.String()
	}
	return strings.Join(parts, "、")
}

// usefulGodOf runs every method and picks the leading one: a special
// pattern's own element first; then 通关 when two elements are at war;
// then 调候 when the season is extreme and its element scarce; else 扶抑.
// 病药 is always reported beside them but never leads, as the books use
// it to confirm (有病方为贵) rather than to choose.
func usefulGodOf(u *UsefulGod, v *chartView, p *Pattern) {
	*u = UsefulGod{}
	var lead *MethodResult
	if p.Special {
		e := p.Element
		if p.Key == "cong_qiang" {
			e = v.dm.Element()
		}
		lead = u.addMethod(MethodResult{Method: MethodPattern, Applies: true, Element: e, Rule: newRule("useful.pattern.use", p.Name, e.String())})
		u.Primary = newRule("useful.primary.pattern", e.String())
	}
	fuyi := u.addMethod(fuYiMethod(v))
	tm, pressing := tiaoHouMethod(v)
	tiao := u.addMethod(tm)
	tong := u.addMethod(tongGuanMethod(v))
	u.addMethod(bingYaoMethod(v))
	switch {
	case lead != nil:
	case tong.Applies:
		lead = tong
		u.Primary = newRule("useful.primary.tongguan", lead.Element.String())
	case pressing:
		lead = tiao
		u.Primary = newRule("useful.primary.tiaohou", lead.Element.String())
	default:
		lead = fuyi
		u.Primary = newRule("useful.primary.fuyi", lead.Element.String())
	}
	u.Method, u.Element = lead.Method, lead.Element
	y := u.Element
	xi, ji, chou, xian := (y+4)%5, (y+3)%5, (y+2)%5, (y+1)%5
	u.Gods = [5]God{
		{"yong", y, newRule("god.yong", y.String(), MethodName(u.Method))},
		{"xi", xi, newRule("god.xi", xi.String(), y.String())},
		{"ji", ji, newRule("god.ji", ji.String(), y.String())},
		{"chou", chou, newRule("god.chou", chou.String(), ji.String())},
		{"xian", xian, newRule("god.xian", xian.String(), y.String())},
	}
}

// weakSide: the day master wants support (the existing strength's label,
// balanced charts split at LeanStrongAt as Favourable does).
func weakSide(s *Strength) bool {
	switch s.Label {
	case "weak", "very_weak":
		return true
	case "balanced":
		return s.Score < LeanStrongAt
	}
	return false
}

// fuYiMethod: 扶抑. A weak day master takes 印 (against heavy officer or
// output) or 比劫 (against heavy wealth); a strong one takes 财 (against
// heavy 印), 官杀 (against heavy 比劫, when an officer is there to use) or
// 食伤.
func fuYiMethod(v *chartView) MethodResult {
	m := MethodResult{Method: MethodFuYi, Applies: true}
	dm, score := v.dm.String(), pct(v.s.Score)
	if weakSide(v.s) {
		heavy := 1
		for r := 2; r <= 3; r++ {
			if v.share[v.relElement(r)] > v.share[v.relElement(heavy)] {
				heavy = r
			}
		}
		if heavy == 2 {
			m.Element = v.dm.Element()
			m.Rule = newRule("useful.fuyi.weak_bi", dm, score, v.relElement(2).String(), m.Element.String())
		} else {
			m.Element = v.relElement(4)
			m.Rule = newRule("useful.fuyi.weak_yin", dm, score, relGroupNames[heavy], m.Element.String())
		}
		return m
	}
	switch {
	case v.share[v.relElement(4)] > v.share[v.relElement(0)]:
		m.Element = v.relElement(2)
		m.Rule = newRule("useful.fuyi.strong_cai", dm, score, m.Element.String())
	case v.elementVisible(v.relElement(3)):
		m.Element = v.relElement(3)
		m.Rule = newRule("useful.fuyi.strong_guan", dm, score, m.Element.String())
	default:
		m.Element = v.relElement(1)
		m.Rule = newRule("useful.fuyi.strong_shi", dm, score, m.Element.String())
	}
	return m
}

// tiaoHouMethod: 调候 by the table of 《穷通宝鉴》 (data/tiaohou.json). It
// is pressing in the hot months (巳午未) with little water, and in the
// cold months (亥子丑) with little fire.
func tiaoHouMethod(v *chartView) (MethodResult, bool) {
	mb := v.br[PosMonth]
	stems := TiaoHou(v.dm, mb)
	m := MethodResult{Method: MethodTiaoHou, Applies: true, Element: stems[0].Element(), Stems: stems}
	switch {
	case (mb == 5 || mb == 6 || mb == 7) && v.share[Water] < TiaoHouScarce:
		m.Rule = newRule("useful.tiaohou.hot", v.dm.String(), mb.String(), stems[0].String(), pct(v.share[Water]))
		return m, true
	case (mb == 11 || mb == 0 || mb == 1) && v.share[Fire] < TiaoHouScarce:
		m.Rule = newRule("useful.tiaohou.cold", v.dm.String(), mb.String(), stems[0].String(), pct(v.share[Fire]))
		return m, true
	}
	m.Rule = newRule("useful.tiaohou.use", v.dm.String(), mb.String(), tiaoHou.joined[v.dm][mb], stems[0].String())
	return m, false
}

// tongGuanMethod: 通关. Two elements, one controlling the other, each
// holding at least TongGuanShare: the element between them (produced by
// the attacker, producing the attacked) reconciles them.
func tongGuanMethod(v *chartView) MethodResult {
	m := MethodResult{Method: MethodTongGuan}
	best := -1.0
	for a := Element(0); a < 5; a++ {
		b := a.Controls()
		if v.share[a] >= TongGuanShare && v.share[b] >= TongGuanShare {
			lo := min(v.share[a], v.share[b])
			if lo > best {
				best = lo
				m.Applies, m.Element = true, a.Generates()
				m.Rule = newRule("useful.tongguan.use", a.String(), pct(v.share[a]), b.String(), pct(v.share[b]), m.Element.String())
			}
		}
	}
	if !m.Applies {
		m.Rule = newRule("useful.tongguan.none")
	}
	return m
}

// bingYaoMethod: 病药. The strongest element, holding at least
// BingYaoShare, is the disease when it sides against what the day master
// needs (support for a weak one, restraint for a strong one); the
// element controlling it is the cure.
func bingYaoMethod(v *chartView) MethodResult {
	m := MethodResult{Method: MethodBingYao}
	x := Element(0)
	for e := Element(1); e < 5; e++ {
		if v.share[e] > v.share[x] {
			x = e
		}
	}
	r := v.rel(x)
	helps := r == 0 || r == 4
	if v.share[x] >= BingYaoShare && helps != weakSide(v.s) {
		m.Applies, m.Element = true, (x+3)%5
		m.Rule = newRule("useful.bingyao.use", x.String(), pct(v.share[x]), m.Element.String())
		return m
	}
	m.Rule = newRule("useful.bingyao.none")
	return m
}
