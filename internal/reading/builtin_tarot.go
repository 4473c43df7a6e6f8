package reading

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/tarotinput"
	"github.com/bazi-master/bazi-master/tarot"
)

// The built-in Tarot reader (Request.IsTarot): a reading of the draw
// written from its facts — an overview (major against minor arcana, the
// dominant suit and its element, the reversed cards), each position in
// order with its card read in the light of that position, the spread's own
// synthesis (the arc of a three-card spread, the cross and the staff of a
// Celtic Cross, the two sides and the bond of a relationship spread) and
// suggestions tied to the question's theme (ichingTheme). Follow-up
// questions are answered from the card or position they name, else from
// the central card. The phrases are in builtin_tarot_en.go,
// builtin_tarot_zhhans.go and builtin_tarot_zhhant.go; the rules of
// builtinWriter hold (no map ranged over, no clock).

// builtinTarotPhrases[lang] is the Tarot phrase table of one language.
var builtinTarotPhrases = map[i18n.Lang]map[string]string{
	i18n.English:            tarotPhrasesEN,
	i18n.SimplifiedChinese:  tarotPhrasesZhHans,
	i18n.TraditionalChinese: tarotPhrasesZhHant,
	i18n.Japanese:           tarotPhrasesJa,
	i18n.Korean:             tarotPhrasesKo,
}

// tarotBuiltinText is Builtin.Text for a Tarot request: the reading of
// the draw, or the answer to a follow-up question about it.
func tarotBuiltinText(req Request) (string, error) {
	if req.Tarot == nil || req.Tarot.Spread == nil || len(req.Tarot.Cards) == 0 {
		return "", ErrNoChart
	}
	req.Lang = builtinLang(req)
	w := newBuiltinWriter(req)
	if strings.TrimSpace(req.Question) != "" {
		w.tarotFollowUp(req.Tarot, req.Question)
	} else {
		w.tarotReading(req.Tarot)
	}
	return w.String(), nil
}

// tarotCentral is the index of the draw's central card: the present of a
// three-card spread, the heart of a Celtic Cross, the connection of a
// relationship spread, the one card of a single draw.
func tarotCentral(d *tarotinput.Draw) int {
	i := 0
	switch d.Spread.ID {
	case "three-card":
		i = 1
	case "relationship":
		i = 2
	}
	if i >= len(d.Cards) {
		i = 0
	}
	return i
}

// tarotCardName is a card's name in running text: "the Tower", "Ace of
// Cups" / "高塔".
func (w *builtinWriter) tarotCardName(c *tarot.Card) string {
	n := c.Name.In(string(w.lang))
	if w.lang == i18n.English {
		if rest, ok := strings.CutPrefix(n, "The "); ok {
			n = "the " + rest
		}
	}
	return n
}

// tarotCard names a drawn card with its orientation: "**the Tower**
// reversed" / "**高塔**（逆位）".
func (w *builtinWriter) tarotCard(dc tarot.Drawn) string {
	key := "card.up"
	if dc.Reversed {
		key = "card.rev"
	}
	return w.t(key, w.tarotCardName(dc.Card))
}

// tarotPosRunning is a position's name in running text: "the challenge",
// "*Past*" / "挑战".
func (w *builtinWriter) tarotPosRunning(name string) string {
	if w.lang != i18n.English {
		return name
	}
	if rest, ok := strings.CutPrefix(name, "The "); ok {
		return "the " + rest
	}
	return "*" + name + "*"
}

// tarotKind is "Major Arcana" or "a minor card of Cups (water)".
func (w *builtinWriter) tarotKind(c *tarot.Card) string {
	if c.Arcana == tarot.Major {
		return w.t("kind.major", c.Number)
	}
	return w.t("kind.minor", w.t("suit."+c.Suit), w.t("el."+c.Suit))
}

// tarotPosName is a position's name as the page's language writes it.
func (w *builtinWriter) tarotPosName(d *tarotinput.Draw, i int) string {
	return d.Spread.Positions[d.Cards[i].Position].Name.In(string(w.lang))
}

// tarotPosition writes one position: its name and meaning, the card in it
// with its meaning as drawn, how it reads in that place, and its keywords.
func (w *builtinWriter) tarotPosition(d *tarotinput.Draw, i int) {
	dc := d.Cards[i]
	pos := d.Spread.Positions[dc.Position]
	l := string(w.lang)
	w.para(w.t("pos.line", i+1, pos.Name.In(l), pos.Meaning.In(l)))
	in := "in.up"
	if dc.Reversed {
		in = "in.rev"
	}
	w.para(w.t(in, w.tarotPosRunning(pos.Name.In(l)), "**"+w.tarotCardName(dc.Card)+"**", w.tarotKind(dc.Card)), dc.Card.Meaning(dc.Reversed).In(l))
	role := "role." + d.Spread.ID + "." + strconv.Itoa(dc.Position+1)
	var parts []string
	if w.has(role) {
		parts = append(parts, w.t(role, w.tarotCardName(dc.Card)))
	}
	if dc.Reversed {
		parts = append(parts, w.t("rev.here"))
	}
	w.para(parts...)
	w.para(w.t("keywords", strings.Join(dc.Card.Keywords.In(l), w.t("sep"))))
}

// tarotReading writes the reading of a draw.
func (w *builtinWriter) tarotReading(d *tarotinput.Draw) {
	l := string(w.lang)
	w.label()
	w.heading(w.t("title", d.Spread.Name.In(l)))
	if q := ichingQuestionText(d.Question); q != "" {
		w.para(w.t("q.asked", q))
	} else {
		w.para(w.t("q.none"))
	}

	w.heading(w.t("h.overview"))
	w.tarotOverview(d)

	w.heading(w.t("h.cards"))
	for i := range d.Cards {
		w.tarotPosition(d, i)
	}

	w.heading(w.t("h.syn." + d.Spread.ID))
	w.tarotSynthesis(d)

	theme := ichingTheme(d.Question)
	c := d.Cards[tarotCentral(d)]
	w.heading(w.t("h.advice"))
	w.para(w.t("adv.intro."+theme, w.tarotCard(c)))
	w.list([]string{
		w.t("adv."+theme+".1", w.tarotCard(c)),
		w.t("act." + tarotActKey(c)),
		w.t("adv." + theme + ".2"),
	})
	if w.has("adv.note." + theme) {
		w.para(w.t("adv.note." + theme))
	}
	w.para(w.t("closing"))
}

// tarotActKey is the key of the action a card suggests: its suit, or
// "major"; "rev" for a reversed card.
func tarotActKey(dc tarot.Drawn) string {
	k := dc.Card.Suit
	if dc.Card.Arcana == tarot.Major {
		k = "major"
	}
	if dc.Reversed {
		k += ".rev"
	}
	return k
}

// tarotOverview writes what the draw says as a whole.
func (w *builtinWriter) tarotOverview(d *tarotinput.Draw) {
	n := len(d.Cards)
	majors, rev := 0, 0
	var suits [4]int
	var revNames []string
	for _, dc := range d.Cards {
		if dc.Card.Arcana == tarot.Major {
			majors++
		} else {
			for i, s := range tarot.Suits {
				if s == dc.Card.Suit {
					suits[i]++
				}
			}
		}
		if dc.Reversed {
			rev++
			revNames = append(revNames, "**"+w.tarotCardName(dc.Card)+"**")
		}
	}
	minors := n - majors
	var maj string
	switch {
	case n == 1 && majors == 1:
		maj = w.t("maj.one.major")
	case n == 1:
		maj = w.t("maj.one.minor")
	case majors == n:
		maj = w.t("maj.all", n)
	case majors == 0:
		maj = w.t("maj.none", n)
	case majors*2 > n:
		maj = w.t("maj.most", majors, n)
	case majors == 1:
		maj = w.t("maj.some.one", n)
	default:
		maj = w.t("maj.some", majors, n)
	}
	count := w.t("count", n, d.Spread.Name.In(string(w.lang)))
	if n == 1 {
		count = w.t("count.one")
	}
	w.para(count, maj)

	// The dominant suit: the most minor cards, strictly more than any other.
	best, top, tie := -1, 0, false
	for i, c := range suits {
		switch {
		case c > top:
			best, top, tie = i, c, false
		case c == top && c > 0:
			tie = true
		}
	}
	var suit string
	switch {
	case minors == 0:
	case top >= 2 && !tie:
		s := tarot.Suits[best]
		suit = w.t("suit.dom", w.t("suit."+s), top, minors, w.t("el."+s), w.t("theme."+s))
	case minors == 1:
		s := tarot.Suits[best]
		suit = w.t("suit.single", w.t("suit."+s), w.t("el."+s), w.t("theme."+s))
	default:
		suit = w.t("suit.mix")
	}
	var missing []string
	if minors >= 4 {
		for i, c := range suits {
			if c == 0 {
				missing = append(missing, tarot.Suits[i])
			}
		}
	}
	if len(missing) == 1 {
		suit = w.sentences(suit, w.t("suit.missing", w.t("suit."+missing[0]), w.t("theme."+missing[0])))
	}
	var revText string
	switch {
	case !d.Reversals:
		revText = w.t("rev.off")
	case rev == 0:
		revText = w.t("rev.0")
	case rev == 1:
		revText = w.t("rev.1", revNames[0])
	case rev*2 > n:
		revText = w.t("rev.many", rev, n, w.and(revNames))
	default:
		revText = w.t("rev.n", rev, n, w.and(revNames))
	}
	w.para(suit, revText)
}

// tarotSynthesis writes how the positions of the spread speak together.
func (w *builtinWriter) tarotSynthesis(d *tarotinput.Draw) {
	cs := d.Cards
	c := func(i int) string { return "**" + w.tarotCard(cs[i]) + "**" }
	switch {
	case d.Spread.ID == "three-card" && len(cs) == 3:
		w.para(w.t("syn.three", c(0), c(1), c(2)), w.t(tarotTrend(cs[0], cs[2])))
		ahead := "syn.three.up"
		if cs[2].Reversed {
			ahead = "syn.three.rev"
		}
		w.para(w.t(ahead), w.tarotMajorNote(cs[2]))
	case d.Spread.ID == "celtic-cross" && len(cs) == 10:
		w.para(w.t("syn.cc.cross", c(0), c(1)), w.t(tarotPair("syn.cc.cross", cs[0], cs[1])))
		w.para(w.t("syn.cc.axis", c(4), c(2)), w.t(tarotPair("syn.cc.axis", cs[4], cs[2])))
		w.para(w.t("syn.cc.time", c(3), c(5)), w.t(tarotTrend(cs[3], cs[5])))
		w.para(w.t("syn.cc.staff", c(6), c(7)))
		out := "syn.cc.out.up"
		if cs[9].Reversed {
			out = "syn.cc.out.rev"
		}
		w.para(w.t("syn.cc.outcome", c(9), c(8)), w.t(out), w.tarotMajorNote(cs[9]))
	case d.Spread.ID == "relationship" && len(cs) == 7:
		w.para(w.t("syn.rel.pair", c(0), c(1)), w.t(tarotPair("syn.rel.pair", cs[0], cs[1])))
		w.para(w.t("syn.rel.bond", c(2)), w.t(tarotOrient("syn.rel.bond", cs[2])))
		w.para(w.t("syn.rel.feel", c(3), c(4)), w.t(tarotPair("syn.rel.feel", cs[3], cs[4])))
		w.para(w.t("syn.rel.ahead", c(5), c(6)), w.t(tarotOrient("syn.rel.ahead", cs[6])))
	default:
		w.para(w.t("syn.single", c(0)), w.t(tarotOrient("syn.single", cs[0])), w.tarotMajorNote(cs[0]))
	}
}

// tarotMajorNote says a major card weighs more than a minor one there.
func (w *builtinWriter) tarotMajorNote(dc tarot.Drawn) string {
	if dc.Card.Arcana == tarot.Major {
		return w.t("major.note", w.tarotCardName(dc.Card))
	}
	return ""
}

// tarotPair is key plus how two cards' orientations compare: ".up" both
// upright, ".rev" both reversed, ".first" the first reversed, ".second"
// the second.
func tarotPair(key string, a, b tarot.Drawn) string {
	switch {
	case !a.Reversed && !b.Reversed:
		return key + ".up"
	case a.Reversed && b.Reversed:
		return key + ".rev"
	case a.Reversed:
		return key + ".first"
	}
	return key + ".second"
}

// tarotOrient is key plus ".up" or ".rev".
func tarotOrient(key string, dc tarot.Drawn) string {
	if dc.Reversed {
		return key + ".rev"
	}
	return key + ".up"
}

// tarotTrend is the key of how things move from an earlier card to a
// later one.
func tarotTrend(from, to tarot.Drawn) string {
	switch {
	case from.Reversed && !to.Reversed:
		return "trend.freeing"
	case !from.Reversed && to.Reversed:
		return "trend.tighten"
	case from.Reversed:
		return "trend.stuck"
	}
	return "trend.flow"
}

// tarotAsk is what a follow-up question on a draw asks about: the index
// of the card in the draw, or -1 (the central card).
var (
	tarotNumRe   = regexp.MustCompile(`(?:position|card|place|no\.?|#)\s*(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th)\s+(?:position|card|place)`)
	tarotWordRe  = regexp.MustCompile(`\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:position|card|place)`)
	tarotZhNumRe = regexp.MustCompile(`第\s*([一二三四五六七八九十]|10|[1-9])\s*(?:张|張|个|個|位|号|號)`)
	tarotOrdinal = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
		"eighth": 8, "ninth": 9, "tenth": 10, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
	// tarotVague are position names too common in a question to name a
	// position by themselves.
	tarotVague = map[string]bool{"you": true, "你": true, "the card": true, "card": true, "这张牌": true, "這張牌": true, "yourself": true}
)

// tarotSelf turns the person's words for themselves and the other into
// the positions' words.
var tarotSelf = strings.NewReplacer(" my ", " your ", " his ", " their ", " her ", " their ",
	"我的", "你的", "我们", "你们", "我們", "你們", "他的", "对方的", "她的", "对方的")

// tarotQuestion reads which card of the draw a follow-up question names:
// by position number, by card name (in any language) or by position
// name (in any language); -1 when it names none.
func tarotQuestion(d *tarotinput.Draw, q string) int {
	lq := strings.ToLower(q)
	for _, re := range []*regexp.Regexp{tarotNumRe, tarotWordRe, tarotZhNumRe} {
		if m := re.FindStringSubmatch(lq); m != nil {
			for _, s := range m[1:] {
				n := tarotOrdinal[s]
				if n == 0 {
					n, _ = strconv.Atoi(s)
				}
				if n >= 1 && n <= len(d.Cards) {
					return n - 1
				}
			}
		}
	}
	// The positions speak to the person ("Your feelings", "你的感受"); the
	// person speaks of themselves ("my feelings", "我的感受").
	lq = tarotSelf.Replace(" " + lq + " ")
	best, bestLen := -1, 0
	try := func(i int, names ...string) {
		for _, n := range names {
			n = strings.ToLower(strings.TrimSpace(n))
			n = strings.TrimPrefix(n, "the ")
			if n == "" || tarotVague[n] || len(n) <= bestLen {
				continue
			}
			if ziweiHasWord(lq, n) {
				best, bestLen = i, len(n)
			}
		}
	}
	for i, dc := range d.Cards {
		try(i, dc.Card.Name.En, dc.Card.Name.Hans, dc.Card.Name.Hant)
	}
	if best >= 0 {
		return best
	}
	for i, dc := range d.Cards {
		p := d.Spread.Positions[dc.Position]
		try(i, p.Name.En, p.Name.Hans, p.Name.Hant)
	}
	return best
}

// tarotFollowUp writes a short answer to q from the draw.
func (w *builtinWriter) tarotFollowUp(d *tarotinput.Draw, q string) {
	w.para(w.t("fu.open"))
	w.para(w.t("fu.base", d.Spread.Name.In(string(w.lang)), len(d.Cards)))
	i := tarotQuestion(d, q)
	if i < 0 {
		i = tarotCentral(d)
		if len(d.Cards) > 1 {
			w.para(w.t("fu.central", w.tarotPosName(d, i)))
		}
	}
	w.tarotPosition(d, i)
	theme := ichingTheme(q)
	if theme == "general" {
		theme = ichingTheme(d.Question)
	}
	dc := d.Cards[i]
	w.list([]string{w.t("adv."+theme+".1", w.tarotCard(dc)), w.t("act." + tarotActKey(dc))})
	if w.has("adv.note." + theme) {
		w.para(w.t("adv.note." + theme))
	}
	w.para(w.t("fu.note"))
}
