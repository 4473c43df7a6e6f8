package reading

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bazi-master/bazi-master/iching"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/ichinginput"
	"github.com/bazi-master/bazi-master/internal/question"
)

// The built-in I Ching reader (Request.IsIChing): a reading of the cast
// written from its facts — the primary hexagram with its trigrams as
// images and its judgment, the texts Zhu Xi's rule points to (quoted, with
// why these), the resulting hexagram as where things tend, the nuclear one
// as the hidden dynamic, and suggestions tied to the question's theme.
// Follow-up questions are answered from the part of the cast they concern
// (a line, the resulting or the nuclear hexagram, else the chief text).
// The phrases are in builtin_iching_en.go, builtin_iching_zhhans.go and
// builtin_iching_zhhant.go; the rules of builtinWriter hold (no map
// ranged over, no clock).

// builtinIChingPhrases[lang] is the I Ching phrase table of one language.
var builtinIChingPhrases = map[i18n.Lang]map[string]string{
	i18n.English:            ichingPhrasesEN,
	i18n.SimplifiedChinese:  ichingPhrasesZhHans,
	i18n.TraditionalChinese: ichingPhrasesZhHant,
	i18n.Japanese:           ichingPhrasesJa,
	i18n.Korean:             ichingPhrasesKo,
}

// ichingThemes are the themes a question may name, in the order they are
// tried; each has its "kw.<theme>" keywords (| separated) in every table.
var ichingThemes = []string{"work", "love", "money", "health", "study", "move"}

// ichingBuiltinText is Builtin.Text for an I Ching request: the reading of the
// cast, or the answer to a follow-up question about it.
func ichingBuiltinText(req Request) (string, error) {
	if req.IChing == nil {
		return "", ErrNoChart
	}
	req.Lang = builtinLang(req)
	w := newBuiltinWriter(req)
	if strings.TrimSpace(req.Question) != "" {
		w.ichingFollowUp(req.IChing, req.Question)
	} else {
		w.ichingReading(req.IChing)
	}
	return w.String(), nil
}

// ichingTheme is the theme of a question, "general" when it names none.
// The keywords of every language are tried, so a question written in
// another language than the page's is still understood.
func ichingTheme(q string) string {
	lq := strings.ToLower(q)
	if strings.TrimSpace(lq) == "" {
		return "general"
	}
	for _, theme := range ichingThemes {
		for _, lang := range i18n.Langs {
			if tab, ok := builtinIChingPhrases[lang]; ok && ziweiHasAny(lq, strings.Split(tab["kw."+theme], "|")) {
				return theme
			}
		}
	}
	return "general"
}

// ichingQuestionText is the question as the reading restates it: cleaned,
// length-limited and without the characters that would format it.
func ichingQuestionText(q string) string {
	q = cleanUserText(q, question.Max)
	q = strings.Map(func(r rune) rune {
		switch r {
		case '*', '_', '`', '#', '<', '>', '[', ']':
			return -1
		}
		return r
	}, q)
	return strings.TrimSpace(q)
}

// ichHexShort names a hexagram in running text: "Zhūn (Difficulty at the
// Beginning)" / "屯卦".
func (w *builtinWriter) ichHexShort(h *iching.Hexagram) string {
	return w.t("hexs", h.Number, h.Name.In(string(w.lang)), titlePinyin(h.Name.Pinyin), h.Name.En)
}

// ichHex names a hexagram in full, with its number and Chinese name.
func (w *builtinWriter) ichHex(h *iching.Hexagram) string {
	name := h.Name.Hans
	switch w.lang {
	case i18n.TraditionalChinese, i18n.Japanese, i18n.Korean:
		name = h.Name.In(string(w.lang))
	}
	return w.t("hex", h.Number, name, titlePinyin(h.Name.Pinyin), h.Name.En)
}

// titlePinyin capitalises a pinyin name's first letter.
func titlePinyin(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// ichOver is the hexagram's trigrams as images: "water over thunder" /
// "上水下雷", with the trigrams' names.
func (w *builtinWriter) ichOver(h *iching.Hexagram) string {
	up, lo := h.Upper(), h.Lower()
	l := string(w.lang)
	return w.t("over", up.Image(l), lo.Image(l), up.Name("zh-Hans"), lo.Name("zh-Hans"), up.Symbol(), lo.Symbol(), up.Name(l), lo.Name(l))
}

// ichQuote quotes a classical text: the Chinese (in the page's script) and,
// on a page that is not Chinese, its rendering in the page's language.
func (w *builtinWriter) ichQuote(t iching.Text) string {
	return w.t("quote", t.Chinese(string(w.lang)), t.In(string(w.lang)))
}

// ichTri is what a trigram brings.
func (w *builtinWriter) ichTri(t iching.Trigram) string { return w.t("tq." + t.Image("en")) }

// ichLineNote is what a line text says about its place: the position, the
// line's nature there, and whether it moves (still is the key of what a
// line that does not move is).
func (w *builtinWriter) ichLineNote(h *iching.Hexagram, n int, moving bool, still string) string {
	place := "place.off"
	if h.Yang(n) == (n%2 == 1) {
		place = "place.ok"
	}
	move := still
	if moving {
		move = "old.6"
		if h.Yang(n) {
			move = "old.9"
		}
	}
	return w.sentences(w.t("pos."+strconv.Itoa(n)), w.t(place), w.t(move))
}

// ichingReading writes the reading of a cast.
func (w *builtinWriter) ichingReading(res *ichinginput.Result) {
	c := res.Cast
	p, r := c.Primary(), c.Resulting()
	g := iching.Read(c)
	ch := c.Changing()
	lang := string(w.lang)

	w.label()
	w.heading(w.t("title", w.ichHexShort(p)))
	q := ichingQuestionText(res.Request.Question)
	if q != "" {
		w.para(w.t("q.asked", q))
	} else {
		w.para(w.t("q.none"))
	}
	vals := make([]string, 6)
	for i, l := range c.Lines {
		vals[i] = strconv.Itoa(int(l))
	}
	method := res.Request.Method
	if !w.has("cast." + method) {
		method = string(iching.MethodLines)
	}
	w.para(w.t("cast."+method, strings.Join(vals, w.t("sep"))), w.ichChanging(p, ch))

	// The primary hexagram.
	w.heading(w.t("h.primary", p.Symbol(), w.ichHexShort(p)))
	tri := w.t("prim.tri", w.ichTri(p.Lower()), w.ichTri(p.Upper()))
	if p.Lower() == p.Upper() {
		tri = w.t("prim.same", w.ichTri(p.Lower()))
	}
	w.para(w.t("prim.intro", w.ichHex(p), w.ichOver(p)), tri)
	w.para(w.t("judg", w.ichQuote(p.Judgment)), p.Gloss.In(lang))
	w.para(w.t("image", w.ichQuote(p.Image)))

	// The texts to read.
	w.heading(w.t("h.chief"))
	w.para(w.ichRule(c, g))
	var items []string
	for i, part := range g.Parts {
		_, text := c.Text(part, lang)
		label := w.ichPartLabel(c, part)
		key := "chief.item"
		if i > 0 {
			key = "chief.also"
		}
		items = append(items, w.t(key, label, w.ichQuote(text)))
	}
	w.list(items)
	w.para(w.ichChiefNote(c, g))

	// Where it is heading.
	w.heading(w.t("h.result"))
	if r == nil {
		w.para(w.t("res.none", w.ichHexShort(p)))
	} else {
		w.para(w.t("res.intro", w.ichHexShort(p), w.ichHex(r), w.ichOver(r)), w.t("res.judg", w.ichQuote(r.Judgment)))
		w.para(r.Gloss.In(lang), w.t("res.note"))
	}

	// The inner dynamic.
	w.heading(w.t("h.nuclear"))
	w.ichNuclear(p, r)

	// What to do.
	theme := ichingTheme(res.Request.Question)
	w.heading(w.t("h.advice"))
	w.para(w.t("adv.intro."+theme, w.ichHexShort(p)))
	w.list([]string{
		w.t("adv."+theme+".1", w.ichHexShort(p)),
		w.t("act." + p.Lower().Image("en")),
		w.t("adv." + theme + ".2"),
	})
	if w.has("adv.note." + theme) {
		w.para(w.t("adv.note." + theme))
	}
	w.para(w.t("closing"))
}

// ichPartLabel is the label of a text to read: a line's (六三, "Six in
// the third place"), 用九/用六, or "Judgment of" the hexagram.
func (w *builtinWriter) ichPartLabel(c iching.Cast, part iching.Part) string {
	if part.Line == 0 {
		h := c.Primary()
		if part.From == iching.FromResulting && c.Resulting() != nil {
			h = c.Resulting()
		}
		return w.t("judg.of", w.ichHexShort(h))
	}
	label, _ := c.Text(part, string(w.lang))
	return label
}

// ichChanging says which lines change.
func (w *builtinWriter) ichChanging(p *iching.Hexagram, ch []int) string {
	switch len(ch) {
	case 0:
		return w.t("ch.0")
	case 6:
		return w.t("ch.6")
	}
	labels := make([]string, len(ch))
	for i, n := range ch {
		labels[i] = "**" + p.LineLabel(n, string(w.lang)) + "**"
	}
	if len(ch) == 1 {
		return w.t("ch.1", labels[0])
	}
	return w.t("ch.n", len(ch), w.and(labels))
}

// ichRule explains which texts the rule reads for this cast.
func (w *builtinWriter) ichRule(c iching.Cast, g iching.Guide) string {
	p, r := c.Primary(), c.Resulting()
	label := func(i int) string { return "**" + w.ichPartLabel(c, g.Parts[i]) + "**" }
	switch g.Rule {
	case "none":
		return w.t("rule.none", w.ichHexShort(p))
	case "one":
		return w.t("rule.one", label(0))
	case "two":
		return w.t("rule.two", label(0), label(1))
	case "three":
		return w.t("rule.three", w.ichHexShort(p), w.ichHexShort(r))
	case "four":
		return w.t("rule.four", w.ichHexShort(r), label(0), label(1))
	case "five":
		return w.t("rule.five", w.ichHexShort(r), label(0))
	case "six_all":
		return w.t("rule.six_all", label(0), w.ichHexShort(p), w.ichHexShort(r))
	}
	return w.t("rule.six", w.ichHexShort(r))
}

// ichChiefNote says what the chief text means where it stands.
func (w *builtinWriter) ichChiefNote(c iching.Cast, g iching.Guide) string {
	part := g.Parts[0]
	h := c.Primary()
	if part.From == iching.FromResulting && c.Resulting() != nil {
		h = c.Resulting()
	}
	label := w.ichPartLabel(c, part)
	switch {
	case part.Line == 0 && g.Rule == "none":
		return w.t("chief.still", w.ichHexShort(h))
	case part.Line == 0 && g.Rule == "six":
		return w.t("chief.six", w.ichHexShort(h), w.ichHexShort(c.Primary()))
	case part.Line == 0:
		return w.t("chief.judg", w.ichHexShort(h), w.ichHexShort(c.Primary()))
	case part.Line == iching.AllLines:
		return w.t("chief.all", "**"+label+"**", w.ichHexShort(h))
	}
	moving := part.From == iching.FromPrimary
	return w.sentences(w.t("chief.line", "**"+label+"**"), w.ichLineNote(h, part.Line, moving, "still.line"))
}

// ichNuclear writes the nuclear hexagram, and the opposite and reversed
// ones as the other sides of the situation.
// r is the resulting hexagram (nil: none): a nuclear hexagram that is the
// resulting one is named, not read twice.
func (w *builtinWriter) ichNuclear(p, r *iching.Hexagram) {
	n := p.Nuclear()
	switch {
	case n == p:
		w.para(w.t("nuc.self", w.ichHexShort(p)))
	case n == r:
		w.para(w.t("nuc.same", w.ichHexShort(n)))
	default:
		w.para(w.t("nuc.intro", w.ichHex(n), w.ichOver(n)), n.Gloss.In(string(w.lang)))
	}
	if o := p.Opposite(); o == p.Reversed() {
		w.para(w.t("opp.rev", w.ichHexShort(o)))
		return
	}
	rev := w.t("rev", w.ichHexShort(p.Reversed()))
	if p.Reversed() == p {
		rev = w.t("rev.self")
	}
	w.para(w.t("opp", w.ichHexShort(p.Opposite())), rev)
}

// ichingAsk is what a follow-up question on a cast asks about.
type ichingAsk struct {
	kind string // "line", "resulting", "nuclear" or "" (the chief text)
	line int    // 1–6, for "line"
}

var (
	ichingLineRe   = regexp.MustCompile(`(?:line|place)\s*(?:no\.?\s*)?([1-6])\b|\b([1-6])(?:st|nd|rd|th)?\s+line`)
	ichingLineWord = regexp.MustCompile(`\b(first|bottom|second|third|fourth|fifth|sixth|top)\s+(?:line|place)`)
	ichingLineZh   = regexp.MustCompile(`第([一二三四五六1-6])爻|([一二三四五1-5])爻|(初)[爻六九]|(上)[爻六九]|[六九]([二三四五])`)
	// Korean: 3효, 제3효, 셋째 효, 초효 / 상효, 육삼 / 구오.
	ichingLineKo   = regexp.MustCompile(`([1-6])\s*효|(첫|둘|셋|넷|다섯|여섯)째\s*효|(초|상)효|[육구](이|삼|사|오)`)
	ichingOrdinals = map[string]int{"first": 1, "bottom": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "top": 6,
		"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "初": 1, "上": 6,
		"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6,
		"첫": 1, "둘": 2, "셋": 3, "넷": 4, "다섯": 5, "여섯": 6, "초": 1, "상": 6, "이": 2, "삼": 3, "사": 4, "오": 5}
	ichingResultWords = []string{"resulting", "result", "outcome", "heading", "future", "become", "turn into", "之卦", "变卦", "變卦", "结果", "結果", "走向", "未来", "未來",
		"変卦", "行方", "지괘", "변괘", "결과", "미래", "앞으로"}
	ichingNuclearWords = []string{"nuclear", "hidden", "inner", "underlying", "互卦", "内在", "內在", "隐藏", "隱藏", "内部", "內部",
		"隠れ", "호괘", "숨은", "내면"}
)

// ichingQuestion reads which part of the cast a follow-up question is
// about.
func ichingQuestion(q string) ichingAsk {
	lq := strings.ToLower(q)
	for _, re := range []*regexp.Regexp{ichingLineRe, ichingLineWord, ichingLineZh, ichingLineKo} {
		if m := re.FindStringSubmatch(lq); m != nil {
			for _, s := range m[1:] {
				if n := ichingOrdinals[s]; n != 0 {
					return ichingAsk{kind: "line", line: n}
				}
			}
		}
	}
	switch {
	case ziweiHasAny(lq, ichingNuclearWords):
		return ichingAsk{kind: "nuclear"}
	case ziweiHasAny(lq, ichingResultWords):
		return ichingAsk{kind: "resulting"}
	}
	return ichingAsk{}
}

// ichingFollowUp writes a short answer to q from the cast.
func (w *builtinWriter) ichingFollowUp(res *ichinginput.Result, q string) {
	c := res.Cast
	p, r := c.Primary(), c.Resulting()
	g := iching.Read(c)
	lang := string(w.lang)
	w.para(w.t("fu.open"))
	base := w.t("fu.base", w.ichHexShort(p))
	if r != nil {
		base = w.sentences(base, w.t("fu.base.to", w.ichHexShort(r)))
	}
	w.para(base)
	switch a := ichingQuestion(q); a.kind {
	case "line":
		n := a.line
		moving := c.Lines[n-1].Changing()
		w.para(w.t("fu.line", "**"+p.LineLabel(n, lang)+"**", n, w.ichHexShort(p)), w.ichQuote(p.Lines[n-1]))
		w.para(w.ichLineNote(p, n, moving, "steady"))
		if g.Reads(iching.FromPrimary, n) {
			w.para(w.t("fu.line.chief"))
		} else {
			w.para(w.t("fu.line.side"))
		}
	case "resulting":
		if r == nil {
			w.para(w.t("res.none", w.ichHexShort(p)))
			break
		}
		w.para(w.t("res.intro", w.ichHexShort(p), w.ichHex(r), w.ichOver(r)), w.t("res.judg", w.ichQuote(r.Judgment)))
		w.para(r.Gloss.In(lang), w.t("res.note"))
	case "nuclear":
		w.ichNuclear(p, r)
	default:
		_, text := c.Text(g.Parts[0], lang)
		label := w.ichPartLabel(c, g.Parts[0])
		w.para(w.t("fu.chief", "**"+label+"**"), w.ichQuote(text))
		w.para(w.ichChiefNote(c, g))
		theme := ichingTheme(q)
		if theme == "general" {
			theme = ichingTheme(res.Request.Question)
		}
		w.list([]string{w.t("adv."+theme+".1", w.ichHexShort(p)), w.t("adv." + theme + ".2")})
		if w.has("adv.note." + theme) {
			w.para(w.t("adv.note." + theme))
		}
	}
	w.para(w.t("fu.note"))
}
