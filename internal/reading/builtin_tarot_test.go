package reading

import (
	"strconv"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/tarotinput"
	"github.com/bazi-master/bazi-master/tarot"
)

// taDraws are draws of the four spreads, with reversed cards.
var taDraws = []string{
	"spread=single&cards=tower.r",
	"spread=three-card&cards=fool.r,three-of-cups,ten-of-swords.r",
	"spread=celtic-cross&cards=magician,tower.r,ace-of-cups,five-of-pentacles,star,knight-of-swords.r,two-of-cups,queen-of-wands,moon.r,ten-of-cups",
	"spread=relationship&cards=lovers,knight-of-cups.r,two-of-cups,queen-of-cups,page-of-swords.r,five-of-wands,sun",
}

// taUpright is the draw with reversals off.
func taUpright(q string) string { return strings.ReplaceAll(q, ".r", "") + "&reversals=0" }

func taDraw(t testing.TB, query string) *tarotinput.Draw {
	t.Helper()
	d, err := tarotinput.ParseQuery(query)
	if err != nil {
		t.Fatal(query, err)
	}
	return &d
}

func taRequest(t testing.TB, query, question string, lang i18n.Lang) Request {
	d := taDraw(t, query)
	d.Question = question
	return Request{Topic: TopicTarot, Tarot: d, Lang: lang, Now: builtinNow}
}

func taW(lang i18n.Lang) *builtinWriter {
	return newBuiltinWriter(Request{Topic: TopicTarot, Lang: lang})
}

// TestTarotBuiltinSpreads: in every language, each spread with and
// without reversals is read: labelled and titled with the spread, the
// question restated, every position and card named with the meaning that
// applies, the spread's synthesis and the advice; no phrase missing and
// no English in a Chinese reading.
func TestTarotBuiltinSpreads(t *testing.T) {
	for _, lang := range i18n.Langs {
		l := string(lang)
		w := taW(lang)
		for _, base := range taDraws {
			for _, q := range []string{base, taUpright(base)} {
				req := taRequest(t, q, icQuestion(lang), lang)
				d := req.Tarot
				s := builtinText(t, req)
				id := q + " " + l
				if strings.Contains(s, "[[") || strings.Contains(s, "%!") {
					t.Errorf("%s: missing phrase or bad verb:\n%s", id, s)
				}
				if !strings.HasPrefix(s, builtinPhrases[lang]["label"]+"\n\n## "+w.t("title", d.Spread.Name.In(l))+"\n") {
					t.Errorf("%s: not labelled and titled: %.200q", id, s)
				}
				for _, want := range []string{icQuestion(lang), "## " + w.t("h.overview"), "## " + w.t("h.syn."+d.Spread.ID), "## " + w.t("h.advice"), w.t("adv.intro.work", w.tarotCard(d.Cards[tarotCentral(d)]))} {
					if !strings.Contains(s, want) {
						t.Errorf("%s: lacks %q", id, want)
					}
				}
				for i, dc := range d.Cards {
					pos := d.Spread.Positions[dc.Position]
					for _, want := range []string{pos.Name.In(l), pos.Meaning.In(l), w.tarotCardName(dc.Card), dc.Card.Meaning(dc.Reversed).In(l)} {
						if !strings.Contains(s, want) {
							t.Errorf("%s: position %d lacks %q", id, i+1, want)
						}
					}
					if strings.Contains(s, dc.Card.Meaning(!dc.Reversed).In(l)) {
						t.Errorf("%s: position %d reads the other orientation", id, i+1)
					}
				}
				if lang != i18n.English {
					if m := latinWordIn(s); m != "" {
						t.Errorf("%s: English %q in a Chinese reading:\n%s", id, m, s)
					}
				}
			}
		}
	}
}

// TestTarotBuiltinEveryCard: every card of the deck, upright and
// reversed, is named in a reading that contains it, in every language.
func TestTarotBuiltinEveryCard(t *testing.T) {
	deck := tarot.Deck()
	for start := 0; start < len(deck); start += 10 {
		ids := make([]string, 10)
		for i := range ids {
			ids[i] = deck[(start+i)%len(deck)].ID
			if (start/10+i)%2 == 1 {
				ids[i] += ".r"
			}
		}
		q := "spread=celtic-cross&cards=" + strings.Join(ids, ",")
		for _, lang := range i18n.Langs {
			req := taRequest(t, q, "", lang)
			s := builtinText(t, req)
			if strings.Contains(s, "[[") || strings.Contains(s, "%!") {
				t.Fatalf("%s %s:\n%s", q, lang, s)
			}
			for _, dc := range req.Tarot.Cards {
				if name := dc.Card.Name.In(string(lang)); !strings.Contains(strings.ToLower(s), strings.ToLower(name)) {
					t.Errorf("%s: %s not named", lang, name)
				}
			}
		}
	}
}

// TestTarotBuiltinDeterministic: the same draw gives the same text, and
// different draws (another card, another orientation, another question)
// different texts.
func TestTarotBuiltinDeterministic(t *testing.T) {
	for _, lang := range i18n.Langs {
		a := builtinText(t, taRequest(t, taDraws[2], "", lang))
		if b := builtinText(t, taRequest(t, taDraws[2], "", lang)); a != b {
			t.Errorf("%s: two texts for one draw", lang)
		}
		seen := map[string]string{a: "base"}
		for name, req := range map[string]Request{
			"reversals off": taRequest(t, taUpright(taDraws[2]), "", lang),
			"another card":  taRequest(t, strings.Replace(taDraws[2], "magician", "fool", 1), "", lang),
			"question":      taRequest(t, taDraws[2], icQuestion(lang), lang),
			"spread":        taRequest(t, taDraws[3], "", lang),
		} {
			s := builtinText(t, req)
			if other, dup := seen[s]; dup {
				t.Errorf("%s: %s reads like %s", lang, name, other)
			}
			seen[s] = name
		}
	}
}

// TestTarotBuiltinConsistency: the Chinese tables have the English keys
// and no others, and the label is the other readers'.
func TestTarotBuiltinConsistency(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.SimplifiedChinese, i18n.TraditionalChinese} {
		tab := builtinTarotPhrases[lang]
		for k := range tarotPhrasesEN {
			if strings.TrimSpace(tab[k]) == "" {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		for k := range tab {
			if _, ok := tarotPhrasesEN[k]; !ok {
				t.Errorf("%s has %q, English does not", lang, k)
			}
		}
	}
	for _, lang := range i18n.Langs {
		if builtinTarotPhrases[lang]["label"] != builtinPhrases[lang]["label"] {
			t.Errorf("%s: another label than the BaZi reading's", lang)
		}
		for _, s := range tarot.Spreads() {
			for i := range s.Positions {
				if k := "role." + s.ID + "." + strconv.Itoa(i+1); builtinTarotPhrases[lang][k] == "" {
					t.Errorf("%s lacks %s", lang, k)
				}
			}
		}
	}
}

// TestTarotBuiltinThemes: the advice follows the question's theme, and a
// health or money question carries its note.
func TestTarotBuiltinThemes(t *testing.T) {
	for q, theme := range map[string]string{
		"Will my relationship last?": "love", "Should I invest my savings?": "money", "我该不该搬家？": "move",
		"身體會好起來嗎？": "health", "What should I focus on?": "general",
	} {
		req := taRequest(t, taDraws[1], q, i18n.English)
		w := taW(i18n.English)
		s := builtinText(t, req)
		if !strings.Contains(s, w.t("adv.intro."+theme, w.tarotCard(req.Tarot.Cards[1]))) {
			t.Errorf("%q: not the %s advice", q, theme)
		}
		if note := "adv.note." + theme; w.has(note) && !strings.Contains(s, w.t(note)) {
			t.Errorf("%q: no note", q)
		}
	}
}

// TestTarotQuestion: a follow-up names a card by position number, card
// name or position name, in any language; else none.
func TestTarotQuestion(t *testing.T) {
	cc := taDraw(t, taDraws[2])
	rel := taDraw(t, taDraws[3])
	for _, c := range []struct {
		d    *tarotinput.Draw
		q    string
		want int
	}{
		{cc, "What about position 2?", 1},
		{cc, "Tell me more about the 10th card", 9},
		{cc, "And the third card?", 2},
		{cc, "第五张牌是什么意思？", 4},
		{cc, "第10張呢？", 9},
		{cc, "What does the Tower mean for me?", 1},
		{cc, "高塔逆位怎么理解？", 1},
		{cc, "月亮", 8},
		{cc, "What about the outcome?", 9},
		{cc, "我的希望与恐惧是什么？", 8},
		{cc, "外在環境如何？", 7},
		{cc, "What does the challenge ask of me?", 1},
		{cc, "Anything else?", -1},
		{rel, "What do you think about my feelings?", 3},
		{rel, "对方的感受呢？", 4},
		{rel, "你觉得我们会怎样？", -1},
		{rel, "What about the Sun?", 6},
		{rel, "What about the two of cups?", 2},
	} {
		if got := tarotQuestion(c.d, c.q); got != c.want {
			t.Errorf("%q: %d, want %d", c.q, got, c.want)
		}
	}
}

// TestTarotFollowUp: an answer reads the card the question names, else
// the central card, in the question's language, with no phrase missing.
func TestTarotFollowUp(t *testing.T) {
	req := taRequest(t, taDraws[2], "Should I change my job?", i18n.English)
	req.History = []Message{{Role: "assistant", Content: "## Reading"}}
	d := req.Tarot
	for q, i := range map[string]int{"What about the Tower?": 1, "What about position 9?": 8, "Anything else?": 0} {
		req.Question = q
		s := builtinText(t, req)
		dc := d.Cards[i]
		if !strings.Contains(s, dc.Card.Meaning(dc.Reversed).En) || strings.Contains(s, "[[") {
			t.Errorf("%q: not from card %d:\n%s", q, i+1, s)
		}
	}
	req.Question = "第十张牌是什么意思？"
	s := builtinText(t, req)
	if !strings.Contains(s, d.Cards[9].Card.Meaning(false).Hans) || icLatinWord.MatchString(s) {
		t.Errorf("a Chinese question:\n%s", s)
	}
	req.Question = "Anything else?"
	rq := taRequest(t, taDraws[3], "", i18n.TraditionalChinese)
	rq.Question = "還有什麼要注意？"
	s = builtinText(t, rq)
	if !strings.Contains(s, rq.Tarot.Cards[2].Card.Meaning(false).Hant) {
		t.Errorf("not the connection:\n%s", s)
	}
	if _, err := (&Builtin{}).Text(Request{Topic: TopicTarot}); err != ErrNoChart {
		t.Errorf("no draw: %v", err)
	}
}

// TestTarotTraditionalHasNoSimplified: the zh-Hant table carries no
// simplified-only character.
func TestTarotTraditionalHasNoSimplified(t *testing.T) {
	for k, v := range tarotPhrasesZhHant {
		for _, r := range v {
			if strings.ContainsRune(builtinSimplifiedOnly+"阵张总览质让为这们说读过", r) {
				t.Errorf("%s: simplified %q", k, r)
				break
			}
		}
	}
}

// A reading this reader cannot write in the reader's language falls back
// to English, says so in the reader's language, and is never Chinese.
func TestBuiltinFallsBackToEnglishWithANote(t *testing.T) {
	saved := builtinTarotPhrases[i18n.Korean]
	delete(builtinTarotPhrases, i18n.Korean)
	defer func() { builtinTarotPhrases[i18n.Korean] = saved }()
	s := builtinText(t, taRequest(t, taDraws[0], "이직을 해야 할까요?", i18n.Korean))
	note := "*" + builtinCatalog().T(i18n.Korean, "reading.builtin_english") + "*"
	if !strings.HasPrefix(s, tarotPhrasesEN["label"]+"\n\n"+note+"\n\n") {
		t.Errorf("no Korean note under the English label:\n%.300s", s)
	}
	if builtinHanCount(s) > 0 {
		t.Errorf("the fallback has Chinese in it:\n%s", s)
	}
}
