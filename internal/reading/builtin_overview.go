package reading

import (
	"strconv"
	"strings"

	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/synthesis"
	"github.com/bazi-master/bazi-master/ziwei"
)

// builtinOverviewPhrases are the synthesis reader's phrase tables; the
// names of terms (elements, signs, groups, the rules) come from the
// catalog the overview page uses, so the reading and the page say the
// same thing.
var builtinOverviewPhrases = map[i18n.Lang]map[string]string{
	i18n.English:            overviewPhrasesEN,
	i18n.SimplifiedChinese:  overviewPhrasesZhHans,
	i18n.TraditionalChinese: overviewPhrasesZhHant,
	i18n.Japanese:           overviewPhrasesJa,
	i18n.Korean:             overviewPhrasesKo,
}

// overviewBuiltinText writes a synthesis reading, or the answer to a
// follow-up from the system or theme it names.
func overviewBuiltinText(req Request) (string, error) {
	if req.Chart == nil || !astroChartOK(req.Astro) {
		return "", ErrNoChart
	}
	if req.Board != nil && !ziweiBoardOK(req.Board) {
		req.Board = nil
	}
	req.Lang = builtinLang(req)
	w := newBuiltinWriter(req)
	if q := strings.TrimSpace(req.Question); q != "" {
		w.overviewFollowUp(&req, q)
	} else {
		w.overviewReading(&req)
	}
	return w.String(), nil
}

// ovT is a catalog text in the writer's language.
func (w *builtinWriter) ovT(key string, args ...any) string { return w.cat.T(w.lang, key, args...) }

func (w *builtinWriter) ovEl(k string) string       { return w.ovT("term.element." + k) }
func (w *builtinWriter) ovSign(s astro.Sign) string { return w.ovT("term.astro_sign." + s.String()) }

// ovZw is the Zi Wei reader's writer in the same language, whose phrase
// table names the stars, palaces and classes as the Zi Wei reading does.
func (w *builtinWriter) ovZw() *builtinWriter {
	return newBuiltinWriter(Request{Topic: TopicZiwei, Lang: w.lang})
}

// ovStars names a palace's major stars with brightness and 化, or says it
// has none.
func (w *builtinWriter) ovStars(p *ziwei.Palace) string {
	if len(p.Major) == 0 {
		return w.t("zw.empty")
	}
	return w.ovZw().zwStars(p.Major)
}

func ovPalace(b *ziwei.Board, name ziwei.PalaceName) *ziwei.Palace {
	for i := range b.Palaces {
		if b.Palaces[i].Name == name {
			return &b.Palaces[i]
		}
	}
	return &b.Palaces[0]
}

// ovPoint finds a rule's point (nil when the request has none).
func ovPoint(req *Request, rule string) *synthesis.Point {
	for i := range req.Points {
		if req.Points[i].Rule == rule {
			return &req.Points[i]
		}
	}
	return nil
}

// ovSide words one system's side of a point.
func (w *builtinWriter) ovSide(e synthesis.Evidence) string {
	fam := "element"
	if e.Factor == "day_master" || (len(e.Values) == 1 && (e.Values[0] == "yin" || e.Values[0] == "yang")) {
		fam = "polarity"
	}
	vals := make([]string, len(e.Values))
	for i, v := range e.Values {
		vals[i] = w.ovT("term." + fam + "." + v)
	}
	what := w.ovT("overview.factor." + e.Factor)
	switch {
	case e.Sign != nil:
		what += " " + w.ovSign(*e.Sign)
	case e.Group != "":
		what += " " + w.ovT("overview.group."+e.Group)
	case len(e.Stars) > 0:
		names := make([]string, len(e.Stars))
		zw := w.ovZw()
		for i, s := range e.Stars {
			names[i] = zw.zwStarName(s)
		}
		what += " " + strings.Join(names, w.t("sep"))
	case e.Branch != "":
		what += " " + e.Branch
	}
	return w.t("side", w.ovT("overview.system."+e.System), what, strings.Join(vals, w.t("sep")))
}

// ovVerdict is a point's paragraph: its rule, its verdict and why.
func (w *builtinWriter) ovVerdict(p *synthesis.Point) string {
	if p == nil {
		return ""
	}
	name, rule := w.ovT("overview.rule."+p.Rule), w.ovT("overview.rule_text."+p.Rule)
	var sides []string
	for _, e := range p.Evidence {
		sides = append(sides, w.ovSide(e))
	}
	switch p.Verdict {
	case synthesis.Agree:
		shared := make([]string, len(p.Shared))
		for i, v := range p.Shared {
			if p.Rule == synthesis.RuleTemperament {
				shared[i] = w.ovT("term.polarity." + v)
			} else {
				shared[i] = w.ovEl(v)
			}
		}
		return w.t("pt.agree", name, rule, strings.Join(sides, w.t("semi")), w.and(shared))
	case synthesis.Unknown:
		return w.t("pt.unknown", name, rule)
	}
	return w.t("pt.differ", name, rule, strings.Join(sides, w.t("semi")))
}

// The three sections, each drawing on every system in turn.

func (w *builtinWriter) ovSelf(req *Request) {
	c := req.Chart
	w.heading(w.t("h.self"))
	dm := c.DayMaster
	band := "balanced"
	switch c.Strength.Label {
	case "strong", "very_strong":
		band = "strong"
	case "weak", "very_weak":
		band = "weak"
	}
	w.para(w.t("self.bazi", dm.Char, w.ovT("term.polarity."+dm.Polarity), w.ovEl(dm.Element),
		w.ovT("term.strength."+c.Strength.Label), int(c.Strength.Score+0.5)), w.t("strength."+band), w.t("self.dominant", w.ovEl(c.Elements.Dominant)))
	if b := req.Board; b != nil {
		soul := ovPalace(b, ziwei.PalaceSoul)
		body := &b.Palaces[b.BodyIndex()]
		zw := w.ovZw()
		w.para(w.t("self.zw", soul.Stem.String()+soul.Branch.String(), w.ovStars(soul),
			zw.zwPal(body.Name), zw.t("cls."+strconv.Itoa(b.Class.Number()))))
	} else {
		w.para(w.t("zw.none"))
	}
	a := req.Astro
	sun, moon := a.Bodies[astro.Sun].Sign, a.Bodies[astro.Moon].Sign
	if a.HasAngles {
		asc, _, _ := astro.Zodiac(a.Ascendant)
		w.para(w.t("self.as", w.ovSign(sun), w.ovSign(moon), w.ovSign(asc)))
	} else {
		w.para(w.t("self.as.notime", w.ovSign(sun), w.ovSign(moon)))
	}
	w.para(w.ovVerdict(ovPoint(req, synthesis.RuleElement)))
	w.para(w.ovVerdict(ovPoint(req, synthesis.RuleTemperament)))
}

func (w *builtinWriter) ovWork(req *Request) {
	w.heading(w.t("h.work"))
	group, god := synthesis.DominantGroup(req.Chart)
	w.para(w.t("work.bazi", w.ovT("overview.group."+group), w.ovEl(god.Element(req.Chart.DayMaster.Stem).Key())), w.t("grp."+group))
	if b := req.Board; b != nil {
		p := ovPalace(b, ziwei.PalaceCareer)
		w.para(w.t("work.zw", p.Stem.String()+p.Branch.String(), w.ovStars(p)))
	} else {
		w.para(w.t("needs.zw"))
	}
	if a := req.Astro; a.HasAngles {
		s, _, _ := astro.Zodiac(a.Midheaven)
		w.para(w.t("work.as", w.ovSign(s)))
	} else {
		w.para(w.t("needs.as"))
	}
	w.para(w.ovVerdict(ovPoint(req, synthesis.RuleCareer)))
}

func (w *builtinWriter) ovLove(req *Request) {
	w.heading(w.t("h.love"))
	br := req.Chart.FourPillars.Day.Branch()
	w.para(w.t("love.bazi", br.String(), w.ovEl(br.Element().Key())))
	if b := req.Board; b != nil {
		p := ovPalace(b, ziwei.PalaceSpouse)
		w.para(w.t("love.zw", p.Stem.String()+p.Branch.String(), w.ovStars(p)))
	} else {
		w.para(w.t("needs.zw"))
	}
	if a := req.Astro; a.HasAngles {
		s, _, _ := astro.Zodiac(a.Ascendant + 180)
		w.para(w.t("love.as", w.ovSign(s)))
	} else {
		w.para(w.t("needs.as"))
	}
	w.para(w.ovVerdict(ovPoint(req, synthesis.RuleRelationship)))
}

// ovAgreement lists every point's verdict and the mapping used.
func (w *builtinWriter) ovAgreement(req *Request) {
	w.heading(w.t("h.agree"))
	agree, compared := 0, 0
	var items []string
	for i := range req.Points {
		p := &req.Points[i]
		if p.Verdict != synthesis.Unknown {
			compared++
		}
		if p.Verdict == synthesis.Agree {
			agree++
		}
		items = append(items, w.t("item", w.ovT("overview.rule."+p.Rule), w.ovT("overview.verdict."+string(p.Verdict))))
	}
	w.para(w.t("agree.sum", agree, compared))
	w.list(items)
	w.para(w.ovT("overview.mapping"))
}

func (w *builtinWriter) overviewReading(req *Request) {
	w.label()
	w.heading(w.t("title"))
	intro := w.t("intro")
	if name := cleanUserText(req.Name, MaxNameRunes); name != "" {
		intro = w.sentences(w.t("intro.name", name), intro)
	}
	w.para(intro)
	w.ovSelf(req)
	w.ovWork(req)
	w.ovLove(req)
	w.ovAgreement(req)
	w.heading(w.t("h.close"))
	w.para(w.t("close"))
}

// overviewAsk is what a follow-up names: a theme and/or a system.
type overviewAsk struct{ theme, system string }

var (
	ovThemeWords = map[string][]string{
		"work":          {"work", "career", "job", "business", "money", "事业", "事業", "工作", "职业", "職業", "官禄", "官祿"},
		"relationships": {"love", "relationship", "partner", "marriage", "spouse", "romance", "感情", "婚", "爱", "愛", "夫妻", "配偶", "伴侣", "伴侶"},
		"self":          {"self", "personality", "character", "temperament", "element", "性格", "自我", "性情", "五行"},
	}
	ovSystemWords = map[string][]string{
		synthesis.BaZi:    {"bazi", "ba zi", "four pillars", "day master", "八字", "四柱", "日主"},
		synthesis.Ziwei:   {"zi wei", "ziwei", "purple star", "紫微", "命宫", "命宮"},
		synthesis.Western: {"astrolog", "western", "sun sign", "moon", "ascendant", "rising", "horoscope", "星座", "占星", "上升"},
	}
)

func overviewQuestion(q string) overviewAsk {
	q = strings.ToLower(q)
	var a overviewAsk
	for _, t := range []string{"work", "relationships", "self"} {
		for _, k := range ovThemeWords[t] {
			if a.theme == "" && strings.Contains(q, k) {
				a.theme = t
			}
		}
	}
	for _, s := range []string{synthesis.BaZi, synthesis.Ziwei, synthesis.Western} {
		for _, k := range ovSystemWords[s] {
			if a.system == "" && strings.Contains(q, k) {
				a.system = s
			}
		}
	}
	return a
}

// overviewFollowUp answers from the theme the question names (its
// section), else from the system it names (that system's side of every
// point), else from the agreement points.
func (w *builtinWriter) overviewFollowUp(req *Request, q string) {
	ask := overviewQuestion(q)
	switch {
	case ask.theme == "work":
		w.ovWork(req)
	case ask.theme == "relationships":
		w.ovLove(req)
	case ask.theme == "self":
		w.ovSelf(req)
	case ask.system != "":
		w.heading(w.t("fu.system", w.ovT("overview.system."+ask.system)))
		var items []string
		for _, p := range req.Points {
			for _, e := range p.Evidence {
				if e.System == ask.system {
					items = append(items, w.t("item", w.ovT("overview.rule."+p.Rule), w.ovSide(e)))
				}
			}
		}
		if len(items) == 0 {
			w.para(w.t("needs.zw"))
		}
		w.list(items)
		w.para(w.t("fu.system.more"))
	default:
		w.ovAgreement(req)
		w.para(w.t("fu.general"))
	}
}
