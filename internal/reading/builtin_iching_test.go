package reading

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/iching"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/ichinginput"
)

// icCasts are casts with 0 to 6 changing lines (6: not 乾 or 坤), by count.
var icCasts = [7]string{"787878", "987878", "796887", "969878", "969678", "969697", "969696"}

func icResult(t testing.TB, query string) *ichinginput.Result {
	t.Helper()
	res, err := ichinginput.Open(query)
	if err != nil {
		t.Fatal(query, err)
	}
	return res
}

func icRequest(t testing.TB, lines, question string, lang i18n.Lang) Request {
	q := "lines=" + lines + "&method=coins"
	if question != "" {
		q += "&question=" + strings.ReplaceAll(question, " ", "+")
	}
	return Request{Topic: TopicIChing, IChing: icResult(t, q), Lang: lang, Now: builtinNow}
}

func icW(lang i18n.Lang) *builtinWriter {
	return newBuiltinWriter(Request{Topic: TopicIChing, Lang: lang})
}

// icQuestion is a work question in the language.
func icQuestion(lang i18n.Lang) string {
	switch lang {
	case i18n.SimplifiedChinese:
		return "我该不该换工作？"
	case i18n.TraditionalChinese:
		return "我該不該換工作？"
	case i18n.Japanese:
		return "転職すべきでしょうか？"
	case i18n.Korean:
		return "이직을 해야 할까요?"
	}
	return "Should I change my job?"
}

var icLatinWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// latinWordIn is the first English word of a reading that should have
// none: Chinese readings name the app 八字大师, Japanese and Korean ones
// keep its name, BaZi Master, in Latin letters.
func latinWordIn(s string) string {
	return icLatinWord.FindString(strings.ReplaceAll(s, "BaZi Master", ""))
}

// TestIChingBuiltinAllCounts: in every language, a cast with 0 to 6
// changing lines is read with the rule of its count, the chief text
// quoted first among the texts to read, the primary's judgment quoted,
// the resulting hexagram (when lines change) and the nuclear one named; no
// phrase is missing and a Chinese reading has no English in it.
func TestIChingBuiltinAllCounts(t *testing.T) {
	rules := [7]string{"none", "one", "two", "three", "four", "five", "six"}
	for n, lines := range icCasts {
		for _, lang := range i18n.Langs {
			req := icRequest(t, lines, icQuestion(lang), lang)
			c := req.IChing.Cast
			if got := len(c.Changing()); got != n {
				t.Fatalf("%s has %d changing lines, want %d", lines, got, n)
			}
			g := iching.Read(c)
			if g.Rule != rules[n] {
				t.Fatalf("%s: rule %s", lines, g.Rule)
			}
			w := icW(lang)
			s := builtinText(t, req)
			id := lines + " " + string(lang)
			if strings.Contains(s, "[[") || strings.Contains(s, "%!") {
				t.Errorf("%s: missing phrase or bad verb:\n%s", id, s)
			}
			if !strings.HasPrefix(s, builtinPhrases[lang]["label"]+"\n\n## "+w.t("title", w.ichHexShort(c.Primary()))+"\n") {
				t.Errorf("%s: not labelled and titled: %.160q", id, s)
			}
			if !strings.Contains(s, w.ichRule(c, g)) {
				t.Errorf("%s: the rule is not explained", id)
			}
			chief := zwSection(s, w.t("h.chief"))
			_, text := c.Text(g.Parts[0], string(lang))
			if !strings.Contains(chief, "- "+w.t("chief.item", w.ichPartLabel(c, g.Parts[0]), w.ichQuote(text))) {
				t.Errorf("%s: chief text not quoted:\n%s", id, chief)
			}
			if !strings.Contains(chief, w.ichChiefNote(c, g)) {
				t.Errorf("%s: the chief text is not explained", id)
			}
			if n == 6 && !strings.Contains(chief, w.t("chief.six", w.ichHexShort(c.Resulting()), w.ichHexShort(c.Primary()))) {
				t.Errorf("%s: six changing lines not explained:\n%s", id, chief)
			}
			if !strings.Contains(chief, "「"+text.Chinese(string(lang))+"」") {
				t.Errorf("%s: chief text not in Chinese", id)
			}
			prim := zwSection(s, w.t("h.primary", c.Primary().Symbol(), w.ichHexShort(c.Primary())))
			if !strings.Contains(prim, w.ichQuote(c.Primary().Judgment)) || !strings.Contains(prim, w.ichOver(c.Primary())) {
				t.Errorf("%s: primary section:\n%s", id, prim)
			}
			res := zwSection(s, w.t("h.result"))
			if r := c.Resulting(); r != nil {
				if !strings.Contains(res, w.ichHex(r)) || !strings.Contains(res, w.ichQuote(r.Judgment)) {
					t.Errorf("%s: resulting section:\n%s", id, res)
				}
			} else if !strings.Contains(res, w.t("res.none", w.ichHexShort(c.Primary()))) {
				t.Errorf("%s: no-change section:\n%s", id, res)
			}
			if nuc := c.Primary().Nuclear(); nuc != c.Primary() && nuc != c.Resulting() && !strings.Contains(s, w.ichHex(nuc)) {
				t.Errorf("%s: nuclear hexagram not named", id)
			}
			if !strings.Contains(s, w.t("adv.intro.work", w.ichHexShort(c.Primary()))) {
				t.Errorf("%s: the work question gets no work advice", id)
			}
			if lang != i18n.English {
				if m := latinWordIn(s); m != "" {
					t.Errorf("%s: English %q in a Chinese reading:\n%s", id, m, s)
				}
			}
		}
	}
}

// TestIChingBuiltinAllSix: 乾 with every line changing reads 用九 (and
// 坤 用六), then the resulting hexagram's judgment.
func TestIChingBuiltinAllSix(t *testing.T) {
	for _, tc := range []struct{ lines, zh, en string }{{"999999", "用九", "All lines nine"}, {"666666", "用六", "All lines six"}} {
		for _, lang := range i18n.Langs {
			req := icRequest(t, tc.lines, "", lang)
			w := icW(lang)
			s := builtinText(t, req)
			p := req.IChing.Cast.Primary()
			label := p.AllLabel(string(lang))
			if lang != i18n.Korean && label != tc.en && label != tc.zh {
				t.Errorf("%s %s: label %q", tc.lines, lang, label)
			}
			chief := zwSection(s, w.t("h.chief"))
			if !strings.Contains(chief, "- "+w.t("chief.item", label, w.ichQuote(*p.All))) {
				t.Errorf("%s %s: %s not the chief text:\n%s", tc.lines, lang, label, chief)
			}
			if !strings.Contains(chief, w.t("chief.all", "**"+label+"**", w.ichHexShort(p))) {
				t.Errorf("%s %s: %s not explained", tc.lines, lang, label)
			}
			if strings.Contains(s, "[[") || strings.Contains(s, "%!") {
				t.Errorf("%s %s:\n%s", tc.lines, lang, s)
			}
		}
	}
}

// TestIChingBuiltinDeterministic: the same cast gives the same text (and
// the stream sends exactly it); different casts give different texts; a
// request without a cast is refused.
func TestIChingBuiltinDeterministic(t *testing.T) {
	for _, lang := range i18n.Langs {
		seen := map[string]string{}
		for _, lines := range append(icCasts[:], "999999", "666666", "777777", "888888") {
			req := icRequest(t, lines, "", lang)
			a, b := builtinText(t, req), builtinText(t, req)
			if a != b {
				t.Fatalf("%s %s: not deterministic", lines, lang)
			}
			if other, ok := seen[a]; ok {
				t.Errorf("%s and %s read the same in %s", lines, other, lang)
			}
			seen[a] = lines
		}
	}
	req := icRequest(t, "796887", "Will my move go well?", i18n.SimplifiedChinese)
	var sb strings.Builder
	if _, err := NewBuiltin().Stream(context.Background(), req, func(s string) error { sb.WriteString(s); return nil }); err != nil {
		t.Fatal(err)
	}
	if sb.String() != builtinText(t, req) {
		t.Fatal("stream differs from text")
	}
	if _, err := (&Builtin{}).Text(Request{Topic: TopicIChing}); !errors.Is(err, ErrNoChart) {
		t.Fatal(err)
	}
}

// TestIChingBuiltinThemes: the question is restated and its theme gives
// the suggestions (health and money with their notes); no question reads
// the situation in general.
func TestIChingBuiltinThemes(t *testing.T) {
	for _, tc := range []struct {
		q, theme string
	}{
		{"How is my love life?", "love"}, {"Should I invest the money?", "money"}, {"My health this winter", "health"},
		{"Will I pass the exam?", "study"}, {"Should we relocate abroad?", "move"}, {"我的感情如何", "love"},
		{"財運怎樣", "money"}, {"考試能過嗎", "study"}, {"要不要搬家", "move"}, {"What should I know?", "general"}, {"", "general"},
	} {
		if got := ichingTheme(tc.q); got != tc.theme {
			t.Errorf("%q: theme %s, want %s", tc.q, got, tc.theme)
		}
	}
	for _, lang := range i18n.Langs {
		w := icW(lang)
		s := builtinText(t, icRequest(t, "796887", "My health this winter", lang))
		if !strings.Contains(s, w.t("q.asked", "My health this winter")) || !strings.Contains(s, w.t("adv.note.health")) {
			t.Errorf("%s: health question:\n%s", lang, s)
		}
		s = builtinText(t, icRequest(t, "796887", "Should I invest the money?", lang))
		if !strings.Contains(s, w.t("adv.note.money")) || !strings.Contains(s, w.t("adv.money.2")) {
			t.Errorf("%s: money question", lang)
		}
		req := icRequest(t, "796887", "", lang)
		s = builtinText(t, req)
		if !strings.Contains(s, w.t("q.none")) || !strings.Contains(s, w.t("adv.intro.general", w.ichHexShort(req.IChing.Cast.Primary()))) {
			t.Errorf("%s: no question:\n%s", lang, s)
		}
	}
	// Formatting in the question is not passed on.
	s := builtinText(t, icRequest(t, "796887", "**bold** <b>x</b> ## head", i18n.English))
	if strings.Contains(s, "**bold**") || strings.Contains(s, "<b>") {
		t.Errorf("question formatting kept:\n%s", s)
	}
}

// TestIChingQuestion: follow-up questions go to the part of the cast they
// concern.
func TestIChingQuestion(t *testing.T) {
	for q, want := range map[string]ichingAsk{
		"What does line 3 mean?":       {"line", 3},
		"and the 5th line?":            {"line", 5},
		"Tell me about the top line":   {"line", 6},
		"第三爻是什么意思":                     {"line", 3},
		"九五怎么理解":                       {"line", 5},
		"初六呢":                          {"line", 1},
		"What is the outcome?":         {"resulting", 0},
		"之卦说明什么":                       {"resulting", 0},
		"What is the hidden dynamic?":  {"nuclear", 0},
		"互卦呢":                          {"nuclear", 0},
		"What should I do?":            {"", 0},
		"六爻都是什么意思":                     {"", 0},
		"How does this affect my job?": {"", 0},
	} {
		if got := ichingQuestion(q); got != want {
			t.Errorf("%q: %+v, want %+v", q, got, want)
		}
	}
}

// TestIChingFollowUp: a question about a line quotes that line and says
// whether the rule reads it; about the resulting or nuclear hexagram
// reads that one; anything else the chief text; every language.
func TestIChingFollowUp(t *testing.T) {
	qs := map[i18n.Lang][4]string{
		i18n.English:            {"What about line 3?", "what about line 5?", "Where is this heading, the outcome?", "What is the hidden nuclear dynamic?"},
		i18n.SimplifiedChinese:  {"第三爻呢？", "第五爻呢？", "之卦说明什么？", "互卦说明什么？"},
		i18n.TraditionalChinese: {"第三爻呢？", "第五爻呢？", "之卦說明什麼？", "互卦說明什麼？"},
		i18n.Japanese:           {"第三爻はどうですか？", "五爻について教えてください", "之卦は何を示していますか？", "互卦は何を示していますか？"},
		i18n.Korean:             {"3효는 어떤가요?", "다섯째 효는요?", "지괘는 무엇을 말하나요?", "호괘는 무엇을 말하나요?"},
	}
	for _, lang := range i18n.Langs {
		w := icW(lang)
		req := icRequest(t, "796887", "Should I change my job?", lang)
		c := req.IChing.Cast
		p := c.Primary()
		check := func(q string, wants ...string) {
			t.Helper()
			req.Question = q
			s := builtinText(t, req)
			if strings.Contains(s, "[[") || strings.Contains(s, "%!") {
				t.Errorf("%s %q:\n%s", lang, q, s)
			}
			for _, want := range append(wants, w.t("fu.open"), w.t("fu.note")) {
				if !strings.Contains(s, want) {
					t.Errorf("%s %q: answer lacks %q:\n%s", lang, q, want, s)
				}
			}
		}
		l := string(lang)
		check(qs[lang][0], w.t("fu.line", "**"+p.LineLabel(3, l)+"**", 3, w.ichHexShort(p)), w.ichQuote(p.Lines[2]), w.t("fu.line.chief"), w.t("old.6"))
		check(qs[lang][1], w.ichQuote(p.Lines[4]), w.t("fu.line.side"), w.t("steady"))
		check(qs[lang][2], w.ichHex(c.Resulting()), w.ichQuote(c.Resulting().Judgment))
		check(qs[lang][3], w.ichHex(p.Nuclear()), w.t("opp", w.ichHexShort(p.Opposite())))
		_, text := c.Text(iching.Read(c).Parts[0], l)
		check("?", w.t("fu.chief", "**"+w.ichPartLabel(c, iching.Read(c).Parts[0])+"**"), w.ichQuote(text), w.t("adv.work.2"))
	}
	// Without changing lines there is no resulting hexagram to read.
	req := icRequest(t, "787878", "", i18n.English)
	req.Question = "What is the outcome?"
	if s := builtinText(t, req); !strings.Contains(s, icW(i18n.English).t("res.none", icW(i18n.English).ichHexShort(req.IChing.Cast.Primary()))) {
		t.Errorf("no-change outcome:\n%s", s)
	}
}

// TestIChingBuiltinConsistency: the three tables agree key for key, share
// the BaZi reading's label, and have every trigram, theme and method.
func TestIChingBuiltinConsistency(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.SimplifiedChinese, i18n.TraditionalChinese} {
		tab := builtinIChingPhrases[lang]
		for k := range ichingPhrasesEN {
			if strings.TrimSpace(tab[k]) == "" {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		for k := range tab {
			if _, ok := ichingPhrasesEN[k]; !ok {
				t.Errorf("%s has %q, English does not", lang, k)
			}
		}
	}
	for _, lang := range i18n.Langs {
		tab := builtinIChingPhrases[lang]
		if tab["label"] != builtinPhrases[lang]["label"] {
			t.Errorf("%s: another label than the BaZi reading's", lang)
		}
		for tg := iching.Kun; tg <= iching.Qian; tg++ {
			for _, p := range []string{"tq.", "act."} {
				if tab[p+tg.Image("en")] == "" {
					t.Errorf("%s lacks %s%s", lang, p, tg.Image("en"))
				}
			}
		}
		for _, theme := range append(ichingThemes, "general") {
			for _, k := range []string{"adv.intro." + theme, "adv." + theme + ".1", "adv." + theme + ".2"} {
				if tab[k] == "" {
					t.Errorf("%s lacks %s", lang, k)
				}
			}
			if theme != "general" && tab["kw."+theme] == "" {
				t.Errorf("%s lacks kw.%s", lang, theme)
			}
		}
		for _, m := range iching.Methods {
			if tab["cast."+string(m)] == "" {
				t.Errorf("%s lacks cast.%s", lang, m)
			}
		}
		for _, r := range []string{"none", "one", "two", "three", "four", "five", "six", "six_all"} {
			if tab["rule."+r] == "" {
				t.Errorf("%s lacks rule.%s", lang, r)
			}
		}
	}
	// Every hexagram as the primary of a cast with its lines 1 and 4
	// changing, in every language, reads without a missing phrase.
	for _, h := range iching.All64() {
		var b [6]byte
		for i := 0; i < 6; i++ {
			yang := h.Pattern&(1<<i) != 0
			switch {
			case (i == 0 || i == 3) && yang:
				b[i] = '9'
			case i == 0 || i == 3:
				b[i] = '6'
			case yang:
				b[i] = '7'
			default:
				b[i] = '8'
			}
		}
		for _, lang := range i18n.Langs {
			s := builtinText(t, icRequest(t, string(b[:]), "", lang))
			if strings.Contains(s, "[[") || strings.Contains(s, "%!") {
				t.Fatalf("%d %s:\n%s", h.Number, lang, s)
			}
		}
	}
}

// TestIChingTraditionalHasNoSimplified: the zh-Hant table and text carry
// no simplified-only character.
func TestIChingTraditionalHasNoSimplified(t *testing.T) {
	quoted := regexp.MustCompile(`「[^」]*」`) // the classical texts as the data gives them
	check := func(id, s string) {
		t.Helper()
		for _, r := range quoted.ReplaceAllString(s, "") {
			if strings.ContainsRune(builtinSimplifiedOnly+"卦辞爻说读该变动阳阴义么这时为们会", r) && !strings.ContainsRune("卦爻", r) {
				t.Errorf("%s: simplified %q", id, r)
				return
			}
		}
	}
	for k, v := range ichingPhrasesZhHant {
		check(k, v)
	}
	for _, lines := range icCasts {
		check(lines, builtinText(t, icRequest(t, lines, "", i18n.TraditionalChinese)))
	}
}

// TestIChingBuiltinNoRepeats: a nuclear hexagram that is also the
// resulting one, and an opposite that is also the reverse, are named once
// rather than read twice.
func TestIChingBuiltinNoRepeats(t *testing.T) {
	for _, lang := range i18n.Langs {
		w := icW(lang)
		req := icRequest(t, "969697", "", lang) // 家人 → 未济, whose nuclear hexagram is 未济
		r := req.IChing.Cast.Resulting()
		if s := builtinText(t, req); !strings.Contains(s, w.t("nuc.same", w.ichHexShort(r))) || strings.Count(s, r.Gloss.In(string(lang))) != 1 {
			t.Errorf("%s: nuclear = resulting:\n%s", lang, s)
		}
		req = icRequest(t, "787878", "", lang) // 既济: opposite and reverse are 未济
		o := req.IChing.Cast.Primary().Opposite()
		if s := builtinText(t, req); !strings.Contains(s, w.t("opp.rev", w.ichHexShort(o))) {
			t.Errorf("%s: opposite = reverse:\n%s", lang, s)
		}
	}
}
