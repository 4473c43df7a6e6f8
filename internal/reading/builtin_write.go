package reading

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// builtinPhrases[lang][key] is the phrase table of one language.
var builtinPhrases = map[i18n.Lang]map[string]string{
	i18n.English:            phrasesEN,
	i18n.SimplifiedChinese:  phrasesZhHans,
	i18n.TraditionalChinese: phrasesZhHant,
	i18n.Japanese:           phrasesJa,
	i18n.Korean:             phrasesKo,
}

// writer builds one text.
type builtinWriter struct {
	lang i18n.Lang
	// fellBackFrom is the reader's language when this reader cannot
	// write in it and writes English instead ("" otherwise).
	fellBackFrom i18n.Lang
	tab          map[string]string
	cat          *i18n.Catalog
	f            *builtinFacts
	now          time.Time // Request.Now, for the partner's luck
	sb           strings.Builder
}

// newBuiltinWriter returns the writer of req in req.Lang (English for a
// language it lacks), with the Zi Wei phrase table for a Zi Wei Dou Shu
// request and the BaZi one (and the chart's facts) otherwise.
func newBuiltinWriter(req Request) *builtinWriter {
	lang := req.Lang
	phrases, en := builtinPhrases, phrasesEN
	switch {
	case req.IsTarot():
		phrases, en = builtinTarotPhrases, tarotPhrasesEN
	case req.IsOverview():
		phrases, en = builtinOverviewPhrases, overviewPhrasesEN
	case req.IsIChing():
		phrases, en = builtinIChingPhrases, ichingPhrasesEN
	case req.IsAstro():
		phrases, en = builtinAstroPhrases, astroPhrasesEN
	case req.IsZiwei():
		phrases, en = builtinZiweiPhrases, zwPhrasesEN
	}
	tab, ok := phrases[lang]
	fellBack := !ok && lang != i18n.English
	if !ok {
		lang, tab = i18n.English, en
	}
	w := &builtinWriter{lang: lang, tab: tab, cat: builtinCatalog(), now: req.Now}
	if fellBack {
		w.fellBackFrom = req.Lang
	}
	if req.Chart != nil && (req.IsOverview() || (!req.IsZiwei() && !req.IsAstro() && !req.IsIChing() && !req.IsTarot())) {
		w.f = newBuiltinFacts(req.Chart, req.Now)
	}
	return w
}

// label writes the reader's signature line and, when the text is in
// English for a reader of another language, a note in their language
// saying so: a reading this reader cannot write well in the reader's
// language falls back to English, never to Chinese.
func (w *builtinWriter) label() {
	w.sb.WriteString(w.t("label") + "\n\n")
	if w.fellBackFrom != "" {
		w.sb.WriteString("*" + w.cat.T(w.fellBackFrom, "reading.builtin_english") + "*\n\n")
	}
}

func (w *builtinWriter) String() string { return strings.TrimRight(w.sb.String(), "\n") + "\n" }

// t formats the phrase key; a missing key shows as [[key]], which tests catch.
func (w *builtinWriter) t(key string, args ...any) string {
	s, ok := w.tab[key]
	if !ok {
		return "[[" + key + "]]"
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// has reports whether the table has key.
func (w *builtinWriter) has(key string) bool { _, ok := w.tab[key]; return ok }

// sentences joins sentences: with a space in English, directly in Chinese.
func (w *builtinWriter) sentences(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	if w.lang.CJK() { // Chinese and Japanese run sentences on
		return strings.Join(out, "")
	}
	return strings.Join(out, " ")
}

func (w *builtinWriter) para(parts ...string) {
	if s := w.sentences(parts...); s != "" {
		w.sb.WriteString(s)
		w.sb.WriteString("\n\n")
	}
}

func (w *builtinWriter) heading(s string) { w.sb.WriteString("## " + s + "\n\n") }

func (w *builtinWriter) list(items []string) {
	if len(items) == 0 {
		return
	}
	for _, it := range items {
		w.sb.WriteString("- " + it + "\n")
	}
	w.sb.WriteString("\n")
}

// and joins a list: "A, B and C" / "A、B和C" as the table says.
func (w *builtinWriter) and(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], w.t("sep")) + w.t("and") + items[len(items)-1]
}

// Terms.

func (w *builtinWriter) el(e bazi.Element) string { return w.t("el." + e.Key()) }

func (w *builtinWriter) els(es []bazi.Element) string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = w.el(e)
	}
	return w.and(out)
}

func (w *builtinWriter) god(g bazi.TenGod) string {
	return w.glossed(w.cat.T(w.lang, "term.tengod."+g.Key()), "term.tengod."+g.Key(), g.String())
}

// glossed is a term's name as running text writes it: alone in Chinese
// and Japanese, which write it in the same characters; with the Hanja
// (traditional characters) after it in Korean, as 사주 books print
// 비견(比肩); with the Chinese after it in English.
func (w *builtinWriter) glossed(name, key, zh string) string {
	switch {
	case w.lang.CJK():
		return name
	case w.lang == i18n.Korean:
		return name + "(" + w.cat.T(i18n.TraditionalChinese, key) + ")"
	}
	return name + " (" + zh + ")"
}

func (w *builtinWriter) grp(g int) string { return w.t("grp." + strconv.Itoa(g)) }

func (w *builtinWriter) star(s bazi.Star) string {
	return w.glossed(w.cat.T(w.lang, "term.shensha."+s.Key()), "term.shensha."+s.Key(), s.String())
}

func (w *builtinWriter) pillar(pos int) string { return w.t("pil." + strconv.Itoa(pos)) }

func (w *builtinWriter) pillarsOf(keys []string) string {
	var ps []string
	for _, k := range keys {
		for pos := 0; pos < 4; pos++ {
			if bazi.PillarKey(pos) == k {
				ps = append(ps, w.pillar(pos))
			}
		}
	}
	if len(ps) == 1 {
		return w.t("pillars.1", ps[0])
	}
	return w.t("pillars.n", w.and(ps))
}

func (w *builtinWriter) areasOf(keys []string) string {
	var as []string
	for _, k := range keys {
		for pos := 0; pos < 4; pos++ {
			if bazi.PillarKey(pos) == k {
				as = append(as, w.t("area."+strconv.Itoa(pos)))
			}
		}
	}
	return strings.Join(as, w.t("areasep"))
}

func (w *builtinWriter) gz(g bazi.GanZhi) string { return g.String() }

// The reading.

func (w *builtinWriter) reading(topic Topic) {
	if !slices.Contains(Topics, topic) {
		topic = TopicOverall
	}
	w.label()
	w.heading(w.t("title." + string(topic)))
	w.dayMaster(topic == TopicOverall)
	w.favourable(topic == TopicOverall)
	switch topic {
	case TopicOverall:
		w.tenGods()
		w.relations()
		w.stars(overallStars, 5, "ss.h", "ss.intro", "ss.none")
		w.luckSection()
	case TopicCareer:
		w.career()
		w.luckSection()
	case TopicRelationships:
		w.relationships()
		w.luckSection()
	case TopicWealth:
		w.wealth()
		w.luckSection()
	case TopicHealth:
		w.health()
		w.luckSection()
	case TopicYear:
		w.luckSection()
		w.year()
	}
	w.heading(w.t("close.h"))
	w.para(w.t("close."+w.f.dmEl.Key()), w.t("close.all"))
}

// dayMaster writes the opening: the stem, its image, its strength.
func (w *builtinWriter) dayMaster(full bool) {
	f, c := w.f, w.f.c
	pol := w.t("pol." + c.DayMaster.Polarity)
	w.para(w.t("dm.open", c.DayMaster.Char, c.DayMaster.Pinyin, pol, w.el(f.dmEl)), w.t("img."+strconv.Itoa(int(f.dm))))
	s := c.Strength
	season := w.t("season." + s.SeasonState)
	parts := []string{w.t("str.label", w.t("str."+s.Label), s.Score)}
	if s.InSeason {
		parts = append(parts, w.t("str.inseason", season))
	} else {
		parts = append(parts, w.t("str.outseason", season))
	}
	if s.Rooted {
		parts = append(parts, w.t("str.rooted", w.pillarsOf(s.RootPillars)))
	} else {
		parts = append(parts, w.t("str.unrooted"))
	}
	if s.Supported {
		parts = append(parts, w.t("str.supported"))
	} else {
		parts = append(parts, w.t("str.unsupported"))
	}
	parts = append(parts, w.t("str.mean."+s.Label))
	switch weak := s.Label == "weak" || s.Label == "very_weak"; {
	case weak && s.InSeason && s.Rooted:
		parts = append(parts, w.t("str.nuance.weak"))
	case !weak && s.Label != "balanced" && !s.InSeason:
		parts = append(parts, w.t("str.nuance.strong"))
	}
	w.para(parts...)
	if full && c.Pillars.Hour == nil {
		w.para(w.t("nohour"))
	}
}

// favourable writes the useful and unfavourable elements and why.
func (w *builtinWriter) favourable(full bool) {
	f, c := w.f, w.f.c
	fv := c.Favourable
	w.heading(w.t("fav.h"))
	w.para(w.t("fav.list", w.els(fv.Elements), w.els(fv.Avoid)), w.cat.T(w.lang, "term.reason."+fv.Reason))
	w.structure()
	var parts []string
	if fv.ClimateNote != "" {
		parts = append(parts, w.t("fav.climate", w.cat.T(w.lang, "term.climate."+fv.ClimateNote)))
	}
	if len(fv.Elements) > 0 {
		parts = append(parts, w.t("fav.hint", w.el(fv.Elements[0]), w.t("hint."+fv.Elements[0].Key())))
	}
	if full {
		dom, _ := builtinElement(c.Elements.Dominant)
		parts = append(parts, w.t("el.dominant", w.el(dom), c.Elements.Percent.Get(dom)))
		var miss []bazi.Element
		for _, k := range c.Elements.Missing {
			if e, ok := builtinElement(k); ok {
				miss = append(miss, e)
			}
		}
		if len(miss) > 0 {
			parts = append(parts, w.t("el.missing", w.els(miss)))
		}
	}
	parts = append(parts, w.t("fav.use"))
	_ = f
	w.para(parts...)
}

// structure writes the 格局 with its verdict and the 用神 with the method
// that found it, the gods beside it (喜, 忌).
func (w *builtinWriter) structure() {
	s := &w.f.c.Structure
	verdict := "fav.formed"
	switch {
	case !s.Pattern.Formed:
		verdict = "fav.broken"
	case s.Pattern.Rescued:
		verdict = "fav.rescued"
	}
	name := w.cat.T(w.lang, "analysis.pattern."+s.Pattern.Key)
	if w.lang == "en" {
		name += " (" + s.Pattern.Name + ")"
	}
	method := s.UsefulGod.Method
	if method == bazi.MethodPattern {
		method = "geju"
	}
	u := &s.UsefulGod
	w.para(w.t("fav.pattern", name, w.t(verdict)),
		w.t("fav.useful", w.cat.T(w.lang, "term.analysis."+method), w.el(u.Element), w.el(u.Gods[1].Element), w.el(u.Gods[2].Element)))
}

func builtinElement(k string) (bazi.Element, bool) {
	for e := bazi.Element(0); e < 5; e++ {
		if e.Key() == k {
			return e, true
		}
	}
	return 0, false
}

// groupOrder returns the groups by count, largest first (ties in group order).
func (f *builtinFacts) groupOrder() []int {
	g := []int{0, 1, 2, 3, 4}
	slices.SortStableFunc(g, func(a, b int) int { return f.group[b] - f.group[a] })
	return g
}

// tenGods writes the ten-god count, the prominent and absent groups and
// the classic pairings.
func (w *builtinWriter) tenGods() {
	f := w.f
	w.heading(w.t("tg.h"))
	w.para(w.t("tg.intro"))
	var items []string
	for grp := 0; grp < numGroups; grp++ {
		if f.group[grp] == 0 {
			continue
		}
		var gods []string
		for g := grp * 2; g < grp*2+2; g++ {
			if f.god[g] > 0 {
				gods = append(gods, w.t("count", w.god(bazi.TenGod(g)), f.god[g]))
			}
		}
		items = append(items, w.t("tg.item", w.grp(grp), w.el(f.groupElement(grp)), f.group[grp], strings.Join(gods, w.t("sep"))))
	}
	w.list(items)
	order := f.groupOrder()
	var parts []string
	for i, grp := range order {
		if i < 2 && f.group[grp] >= 2 && (i == 0 || f.group[grp] == f.group[order[0]] || f.group[grp] >= 3) {
			parts = append(parts, w.t("tg.strong", w.grp(grp), f.group[grp]), w.t("grp.strong."+strconv.Itoa(grp)))
		}
	}
	w.para(parts...)
	parts = parts[:0]
	for grp := 0; grp < numGroups; grp++ {
		if f.group[grp] == 0 {
			parts = append(parts, w.t("tg.absent", w.grp(grp)), w.t("grp.absent."+strconv.Itoa(grp)))
			if f.hidden[grp] > 0 {
				parts = append(parts, w.t("tg.hiddenonly"))
			}
		}
	}
	w.para(parts...)
	var pats []string
	for _, p := range w.patterns() {
		pats = append(pats, w.t("pat."+p))
	}
	if len(pats) > 0 {
		w.list(pats)
	}
}

// patterns returns the classic ten-god pairings present (at most three).
func (w *builtinWriter) patterns() []string {
	f := w.f
	var out []string
	has := func(g bazi.TenGod) bool { return f.god[g] > 0 }
	if has(bazi.ShangGuan) && has(bazi.ZhengGuan) {
		out = append(out, "shangguan_guan")
	}
	if has(bazi.ShiShen) && has(bazi.QiSha) {
		out = append(out, "shishen_sha")
	}
	if has(bazi.QiSha) && f.group[grpResource] > 0 {
		out = append(out, "sha_yin")
	} else if has(bazi.ZhengGuan) && f.group[grpResource] > 0 {
		out = append(out, "guan_yin")
	}
	if f.group[grpWealth] > 0 && f.group[grpOfficer] > 0 && len(out) < 3 {
		out = append(out, "cai_guan")
	}
	if f.group[grpOutput] > 0 && f.group[grpWealth] > 0 && len(out) < 3 {
		out = append(out, "shi_cai")
	}
	if f.group[grpPeers] >= 3 && f.group[grpWealth] > 0 && len(out) < 3 {
		out = append(out, "bijie_cai")
	}
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// builtinRelRank orders relations for telling: clashes, punishments, combinations, harms, breaks.
func builtinRelRank(r bazi.Relation) int {
	switch r.Type() {
	case "chong":
		return 0
	case "xing":
		return 1
	case "san_he", "san_hui":
		return 2
	case "he", "liu_he":
		return 3
	case "ban_he", "gong_he":
		return 4
	case "hai":
		return 5
	}
	return 6
}

func (w *builtinWriter) sortedRelations() []bazi.Relation {
	c := w.f.c
	rs := append(slices.Clone(c.Relations.Stems), c.Relations.Branches...)
	slices.SortStableFunc(rs, func(a, b bazi.Relation) int { return builtinRelRank(a) - builtinRelRank(b) })
	return rs
}

func (w *builtinWriter) relName(r bazi.Relation) string {
	key := "term.relation." + r.Type()
	if r.Subtype() != "" {
		key = "term.relation.sub." + r.Subtype()
	}
	zh := r.Name()
	if r.SubtypeName() != "" {
		zh = r.SubtypeName()
	}
	return w.glossed(w.cat.T(w.lang, key), key, zh)
}

func (w *builtinWriter) relKind(r bazi.Relation) string {
	t := r.Type()
	if t == "chong" && r.IsStem() {
		return "rel.kind.stemchong"
	}
	return "rel.kind." + t
}

func (w *builtinWriter) relItem(r bazi.Relation) string {
	s := w.t("rel.item", w.relName(r), r.Chars(), w.pillarsOf(r.Members()), w.t(w.relKind(r)))
	if e, ok := r.Element(); ok && (r.Type() == "san_he" || r.Type() == "san_hui" || r.Type() == "he" || r.Type() == "liu_he") {
		s = w.sentences(s, w.t("rel.element", w.el(e), w.t("v."+w.f.verdict(e))))
	}
	return w.sentences(s, w.t("rel.areas", w.areasOf(r.Members())))
}

func (w *builtinWriter) relations() {
	w.heading(w.t("rel.h"))
	rs := w.sortedRelations()
	if len(rs) == 0 {
		w.para(w.t("rel.none"))
		return
	}
	w.para(w.t("rel.intro"))
	var items []string
	for i, r := range rs {
		if i == 6 {
			break
		}
		items = append(items, w.relItem(r))
	}
	w.list(items)
}

// Stars, in the order they are told; a star appears once with all its pillars.
var overallStars = []bazi.Star{bazi.StarTianYi, bazi.StarTianDe, bazi.StarYueDe, bazi.StarWenChang, bazi.StarLuShen,
	bazi.StarJiangXing, bazi.StarYiMa, bazi.StarTaoHua, bazi.StarHuaGai, bazi.StarHongLuan, bazi.StarTianXi,
	bazi.StarTaiJi, bazi.StarGuoYin, bazi.StarFuXing, bazi.StarKuiGang, bazi.StarYangRen, bazi.StarTianYi2,
	bazi.StarXueTang, bazi.StarJinYu, bazi.StarHongYan, bazi.StarTianShe}

var careerStars = []bazi.Star{bazi.StarJiangXing, bazi.StarGuoYin, bazi.StarWenChang, bazi.StarLuShen, bazi.StarYiMa,
	bazi.StarTianYi, bazi.StarHuaGai, bazi.StarXueTang, bazi.StarKuiGang, bazi.StarYangRen, bazi.StarTianYi2}

var loveStars = []bazi.Star{bazi.StarTaoHua, bazi.StarHongLuan, bazi.StarTianXi, bazi.StarHongYan, bazi.StarJinYu,
	bazi.StarGuChen, bazi.StarGuaSu, bazi.StarGuLuan, bazi.StarYinChaYangCuo}

var wealthStars = []bazi.Star{bazi.StarLuShen, bazi.StarJinYu, bazi.StarFuXing, bazi.StarTianYi, bazi.StarYiMa,
	bazi.StarJieSha, bazi.StarShiEDaBai}

var healthStars = []bazi.Star{bazi.StarTianYi2, bazi.StarTianDe, bazi.StarYueDe, bazi.StarYangRen}

// starPillars returns the pillars carrying s.
func (w *builtinWriter) starPillars(s bazi.Star) []string {
	var ps []string
	for _, h := range w.f.c.ShenSha {
		if h.Star == s && !slices.Contains(ps, h.Pillar()) {
			ps = append(ps, h.Pillar())
		}
	}
	return ps
}

// starItems lists up to max stars of the chart in the order of want.
func (w *builtinWriter) starItems(want []bazi.Star, max int) []string {
	var items []string
	for _, s := range want {
		if len(items) == max {
			break
		}
		ps := w.starPillars(s)
		if len(ps) == 0 {
			continue
		}
		items = append(items, w.t("ss.item", w.star(s), w.pillarsOf(ps), w.cat.T(w.lang, "term.shensha."+s.Key()+".desc")))
	}
	return items
}

func (w *builtinWriter) stars(want []bazi.Star, max int, h, intro, none string) {
	if h != "" {
		w.heading(w.t(h))
	}
	items := w.starItems(want, max)
	if len(items) == 0 {
		w.para(w.t(none))
		return
	}
	w.para(w.t(intro))
	w.list(items)
}

// luckSection writes the current 大运 and 流年.
func (w *builtinWriter) luckSection() {
	f := w.f
	l := f.luck
	w.heading(w.t("luck.h"))
	switch l.phase {
	case 1:
		w.para(w.t("luck.pillar", w.gz(l.pillar), l.startYear, l.startAge, l.endYear+1),
			w.t("luck.god", w.god(l.pillarGod), w.t("theme."+l.pillarGod.Key())),
			w.elsVerdict("luck.els", l.pillar))
	case 0:
		w.para(w.t("luck.pre", l.firstYear, l.firstAge))
	default:
		w.para(w.t("luck.after"))
	}
	w.para(w.t("year.line", l.year, w.gz(l.yearGZ)),
		w.t("year.god", w.god(l.yearGod), w.t("theme."+l.yearGod.Key())),
		w.elsVerdict("year.els", l.yearGZ))
}

// elsVerdict says what a period's elements mean for the chart, with the
// verdict of periodVerdict: key for most periods, key+".clash" (naming the
// clashing branches) when its branch clashes the day branch.
func (w *builtinWriter) elsVerdict(key string, g bazi.GanZhi) string {
	st, br := g.Stem().Element(), g.Branch().Element()
	v := w.f.periodVerdict(g)
	if v == "clash" {
		return w.t(key+".clash", w.el(st), w.el(br), g.Branch().String(), w.f.c.Pillars.Day.Branch)
	}
	return w.t(key, w.el(st), w.el(br), w.t("v."+v))
}

// spouseNote is the sentence adding, for a period whose ten god is the
// partner star of this chart's gender, that relationships come into focus;
// "" otherwise.
func (w *builtinWriter) spouseNote(g bazi.TenGod) string {
	if tenGodGroup(g) != w.f.spouseGroup() || g >= 10 {
		return ""
	}
	if w.f.male {
		return w.t("yr.spouse.male")
	}
	return w.t("yr.spouse.female")
}

// yearTouches lists how the current 流年 meets the natal pillars.
func (w *builtinWriter) yearTouches() []string {
	l := w.f.luck
	var lp *bazi.LuckPillar
	if l.phase == 1 {
		lp = w.f.luckAt(l.startYear)
	}
	return w.yearTouchesOf(l.yearGZ, lp)
}

// yearTouchesOf lists how a year's pillar gz meets the natal pillars, the
// day stem and (when lp is not nil) the 大运 it falls in.
func (w *builtinWriter) yearTouchesOf(gz bazi.GanZhi, lp *bazi.LuckPillar) []string {
	f := w.f
	ys, yb := gz.Stem(), gz.Branch()
	var out []string
	for _, p := range f.pos {
		d := f.c.Pillars.At(p)
		b := d.GanZhi.Branch()
		rel := builtinBranchRel(yb, b)
		if p == bazi.PosYear && yb == b {
			rel = "same"
		}
		if rel == "" {
			continue
		}
		if p == bazi.PosYear && rel == "same" {
			out = append(out, w.t("yr.benming", yb.String()))
			continue
		}
		if p == bazi.PosYear && rel == "chong" {
			out = append(out, w.t("yr.chongtaisui", yb.String(), b.String()))
			continue
		}
		out = append(out, w.t("yr."+rel, yb.String(), w.pillar(p), b.String(), w.t("area."+strconv.Itoa(p))))
	}
	dm := f.dm
	if biStemHe(ys, dm) {
		out = append(out, w.t("yr.stemhe", ys.String(), dm.String()))
	} else if biStemClash(ys, dm) {
		out = append(out, w.t("yr.stemchong", ys.String(), dm.String()))
	}
	if lp != nil {
		if rel := builtinBranchRel(yb, lp.GanZhi.Branch()); rel == "chong" || rel == "he" {
			out = append(out, w.t("yr.luck."+rel, yb.String(), lp.GanZhi.Branch().String()))
		}
	}
	return out
}

// year writes the topic "year": the 流年 against the chart, month highlights.
func (w *builtinWriter) year() {
	f := w.f
	l := f.luck
	w.heading(w.t("year.h", l.year, w.gz(l.yearGZ)))
	touches := w.yearTouches()
	if len(touches) == 0 {
		w.para(w.t("yr.quiet"))
	} else {
		w.para(w.t("yr.intro"))
		w.list(touches)
	}
	grp := tenGodGroup(l.yearGod)
	w.para(w.t("yr.grp."+strconv.Itoa(grp)), w.spouseNote(l.yearGod), w.t("yr.advice."+f.periodVerdict(l.yearGZ)))
	months, ok := bazi.LiuYue(l.year)
	if !ok {
		return
	}
	w.heading(w.t("ym.h"))
	// Each month gets the one verdict of periodVerdict, so a month that
	// clashes the day branch is never also listed as smooth.
	var good, hard, clash []string
	dayBr := f.c.Pillars.Day.GanZhi.Branch()
	for _, m := range months {
		g, ok := bazi.ParseGanZhi(m.GanZhi)
		if !ok {
			continue
		}
		name := w.monthName(m, g)
		switch f.periodVerdict(g) {
		case "good":
			good = append(good, name)
		case "hard":
			hard = append(hard, name)
		case "clash":
			clash = append(clash, name)
		}
	}
	var items []string
	if len(good) > 0 {
		items = append(items, w.t("ym.good", w.and(good)))
	}
	if len(hard) > 0 {
		items = append(items, w.t("ym.hard", w.and(hard)))
	}
	if len(clash) > 0 {
		items = append(items, w.t("ym.clash", w.and(clash), dayBr.String()))
	}
	w.list(items)
	w.para(w.t("ym.note"))
}

// monthName is how the month section names a month: its branch, its
// pillar and the day it starts on China's clock, as the almanac prints it.
func (w *builtinWriter) monthName(m bazi.LiuYueMonth, g bazi.GanZhi) string {
	d := m.Start.Add(8 * time.Hour)
	return w.t("ym.month", g.Branch().String(), m.GanZhi, int(d.Month()), d.Day(), w.t("mon."+strconv.Itoa(int(d.Month()))))
}

// career writes the topic "career".
func (w *builtinWriter) career() {
	f, c := w.f, w.f.c
	w.heading(w.t("car.h"))
	m := &c.Pillars.Month
	w.para(w.t("car.month", m.Name, w.god(m.TenGod), w.god(m.BranchTenGod)),
		w.t("car.grp."+strconv.Itoa(tenGodGroup(m.BranchTenGod))))
	var parts []string
	for _, g := range []int{grpOfficer, grpOutput, grpWealth} {
		if f.group[g] > 0 {
			parts = append(parts, w.t("car."+strconv.Itoa(g)+".some", f.group[g]))
		} else {
			parts = append(parts, w.t("car."+strconv.Itoa(g)+".none"))
		}
	}
	if f.strongSide() {
		parts = append(parts, w.t("car.strong"))
	} else {
		parts = append(parts, w.t("car.weak"))
	}
	w.para(parts...)
	var fields []string
	for _, e := range c.Favourable.Elements {
		fields = append(fields, w.t("fields."+e.Key()))
	}
	w.para(w.t("car.fields", w.els(c.Favourable.Elements), strings.Join(fields, w.t("semi"))), w.t("car.fields.note"))
	w.stars(careerStars, 3, "", "car.stars", "car.stars.none")
	var rel []string
	for _, r := range w.sortedRelations() {
		if r.Pillars&bazi.MaskMonth != 0 && len(rel) < 3 {
			rel = append(rel, w.relItem(r))
		}
	}
	if len(rel) > 0 {
		w.para(w.t("car.rel"))
		w.list(rel)
	}
	if f.luck.phase == 1 {
		w.para(w.t("car.luck", w.god(f.luck.pillarGod), w.t("car.grp."+strconv.Itoa(tenGodGroup(f.luck.pillarGod)))))
	}
}

// relationships writes the topic "relationships".
func (w *builtinWriter) relationships() {
	f, c := w.f, w.f.c
	w.heading(w.t("love.h"))
	starGrp, direct, indirect := grpWealth, bazi.ZhengCai, bazi.PianCai
	key := "love.star.male"
	if !f.male {
		starGrp, direct, indirect = grpOfficer, bazi.ZhengGuan, bazi.QiSha
		key = "love.star.female"
	}
	var parts []string
	parts = append(parts, w.t(key))
	n := f.group[starGrp]
	counts := w.t("count", w.god(direct), f.god[direct]) + w.t("sep") + w.t("count", w.god(indirect), f.god[indirect])
	switch {
	case n == 0:
		parts = append(parts, w.t("love.none", w.el(f.groupElement(starGrp))))
	case n >= 3:
		parts = append(parts, w.t("love.many", n, counts))
	default:
		parts = append(parts, w.t("love.some", n, counts))
	}
	if f.god[direct] > 0 && f.god[indirect] > 0 {
		parts = append(parts, w.t("love.mixed"))
	}
	w.para(parts...)
	d := &c.Pillars.Day
	parts = []string{w.t("love.palace", d.Branch, w.god(d.BranchTenGod)), w.t("palace." + strconv.Itoa(tenGodGroup(d.BranchTenGod)))}
	for _, r := range w.sortedRelations() {
		if r.IsStem() || r.Pillars&bazi.MaskDay == 0 {
			continue
		}
		others := r.Pillars &^ bazi.MaskDay
		k := "love.palace." + r.Type()
		if !w.has(k) || others == 0 {
			continue
		}
		parts = append(parts, w.t(k, w.pillarsOf(others.Members()), r.Chars()))
	}
	w.para(parts...)
	w.stars(loveStars, 4, "", "love.stars", "love.stars.none")
	l := f.luck
	parts = parts[:0]
	if tenGodGroup(l.yearGod) == starGrp {
		parts = append(parts, w.t("love.year.star", l.year, w.god(l.yearGod)))
	}
	if rel := builtinBranchRel(l.yearGZ.Branch(), d.GanZhi.Branch()); rel == "he" || rel == "chong" || rel == "sanhe" {
		parts = append(parts, w.t("love.year."+rel, l.year, l.yearGZ.Branch().String(), d.Branch))
	}
	if l.phase == 1 && tenGodGroup(l.pillarGod) == starGrp {
		parts = append(parts, w.t("love.luck.star", w.gz(l.pillar)))
	}
	if len(parts) == 0 {
		parts = append(parts, w.t("love.year.quiet", l.year))
	}
	parts = append(parts, w.t("love.advice"))
	w.para(parts...)
}

// wealth writes the topic "wealth".
func (w *builtinWriter) wealth() {
	f := w.f
	w.heading(w.t("w.h"))
	n := f.group[grpWealth]
	var parts []string
	if n == 0 {
		parts = append(parts, w.t("w.none", w.el(f.groupElement(grpWealth))))
	} else {
		parts = append(parts, w.t("w.count", n, w.t("count", w.god(bazi.ZhengCai), f.god[bazi.ZhengCai])+w.t("sep")+w.t("count", w.god(bazi.PianCai), f.god[bazi.PianCai]), w.el(f.groupElement(grpWealth))))
		switch {
		case f.god[bazi.ZhengCai] > f.god[bazi.PianCai]:
			parts = append(parts, w.t("w.direct"))
		case f.god[bazi.PianCai] > f.god[bazi.ZhengCai]:
			parts = append(parts, w.t("w.indirect"))
		default:
			parts = append(parts, w.t("w.both"))
		}
	}
	switch {
	case f.strongSide() && n > 0:
		parts = append(parts, w.t("w.strong.some"))
	case f.strongSide():
		parts = append(parts, w.t("w.strong.none"))
	case n >= 2:
		parts = append(parts, w.t("w.weak.many"))
	default:
		parts = append(parts, w.t("w.weak.few"))
	}
	w.para(parts...)
	parts = parts[:0]
	if f.group[grpOutput] > 0 {
		parts = append(parts, w.t("w.output"))
	} else {
		parts = append(parts, w.t("w.nooutput"))
	}
	if f.group[grpPeers] >= 2 && n > 0 {
		parts = append(parts, w.t("w.peers"))
	}
	if f.group[grpOfficer] > 0 && n > 0 {
		parts = append(parts, w.t("w.officer"))
	}
	w.para(parts...)
	w.stars(wealthStars, 3, "", "w.stars", "w.stars.none")
	l := f.luck
	parts = parts[:0]
	if l.phase == 1 {
		parts = append(parts, w.t("w.luck", w.gz(l.pillar), w.t("w.luck."+strconv.Itoa(tenGodGroup(l.pillarGod)))))
	}
	parts = append(parts, w.t("w.year", l.year, w.t("w.luck."+strconv.Itoa(tenGodGroup(l.yearGod)))))
	parts = append(parts, w.t("w.note"))
	w.para(parts...)
}

// health writes the topic "health": gentle notes on element balance.
func (w *builtinWriter) health() {
	f, c := w.f, w.f.c
	w.heading(w.t("hl.h"))
	w.para(w.t("hl.disclaimer"))
	var shares []string
	for e := bazi.Element(0); e < 5; e++ {
		shares = append(shares, w.t("share", w.el(e), c.Elements.Percent.Get(e)))
	}
	w.para(w.t("hl.balance", strings.Join(shares, w.t("sep"))))
	var items []string
	for e := bazi.Element(0); e < 5; e++ {
		p := c.Elements.Percent.Get(e)
		switch {
		case p >= 30:
			items = append(items, w.t("hl.high", w.el(e), w.t("organ."+e.Key()), w.t("care.high."+e.Key())))
		case p < 10:
			items = append(items, w.t("hl.low", w.el(e), w.t("organ."+e.Key()), w.t("care.low."+e.Key())))
		}
	}
	if len(items) == 0 {
		w.para(w.t("hl.even"))
	} else {
		w.para(w.t("hl.intro"))
		w.list(items)
	}
	var parts []string
	if c.Favourable.ClimateNote != "" {
		parts = append(parts, w.t("hl.climate."+c.Favourable.ClimateNeed))
	}
	if f.strongSide() {
		parts = append(parts, w.t("hl.strong"))
	} else {
		parts = append(parts, w.t("hl.weak"))
	}
	parts = append(parts, w.t("hl.dm."+f.dmEl.Key()))
	w.para(parts...)
	w.stars(healthStars, 2, "", "hl.stars", "hl.stars.none")
}
