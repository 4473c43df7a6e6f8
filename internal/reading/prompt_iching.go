package reading

import (
	"fmt"
	"strings"

	"github.com/bazi-master/bazi-master/iching"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/question"
)

// The prompt of an I Ching reading (Request.IsIChing): the reader persona,
// the cast as trusted, computed facts (package iching) and, only in the
// messages, the question the person asked of it.

// ichingInstruction is the topic line of a cast's reading.
const ichingInstruction = "I Ching (易经) reading of the cast below, for the question the person asked of it — the primary hexagram " +
	"(its trigrams as images, its judgment and image), the texts the rule below marks as the chief ones to read (quote them in Chinese " +
	"with their rendering), the resulting hexagram as where things tend when the changing lines have run their course (not a fixed outcome), " +
	"the nuclear hexagram as the hidden inner dynamic, and practical suggestions tied to the question. Answer a follow-up question from " +
	"the part of the cast it concerns (a line, the resulting or the nuclear hexagram), else from the chief text."

func ichingLangInstruction(l i18n.Lang) string {
	switch l {
	case i18n.SimplifiedChinese:
		return "write the whole answer in Simplified Chinese (简体中文), quoting the classical texts in simplified characters and using the standard terms (本卦, 之卦, 动爻, 互卦, 卦辞, 爻辞, 大象)."
	case i18n.TraditionalChinese:
		return "write the whole answer in Traditional Chinese (繁體中文), quoting the classical texts in traditional characters and using the standard terms (本卦, 之卦, 動爻, 互卦, 卦辭, 爻辭, 大象)."
	case i18n.Japanese:
		return "write the whole answer in Japanese (日本語); quote each classical text in its original characters followed by a Japanese rendering, and use the Japanese terms (本卦, 之卦, 変爻, 卦辞, 爻辞, 大象)."
	case i18n.Korean:
		return "write the whole answer in Korean (한국어); quote each classical text in its original characters followed by a Korean rendering, and use the Korean terms (본괘, 지괘, 변효, 괘사, 효사, 대상)."
	}
	return "write the whole answer in English; quote each classical text in Chinese followed by its English rendering, and you may add a Chinese term in parentheses, e.g. changing line (动爻)."
}

// ichingMethodNames describe the methods in the facts.
var ichingMethodNames = map[string]string{
	string(iching.MethodCoins):   "three coins (odds 6:7:8:9 = 1:3:3:1)",
	string(iching.MethodYarrow):  "yarrow stalks (odds 6:7:8:9 = 1:5:7:3)",
	string(iching.MethodTime):    "梅花易数 by the time of casting",
	string(iching.MethodNumbers): "梅花易数 by three numbers the person chose",
	string(iching.MethodLines):   "lines entered by hand (the person cast them)",
}

// ichingLineValues name a line value in the facts.
var ichingLineValues = [10]string{6: "6 old yin, changing to yang", 7: "7 young yang", 8: "8 young yin", 9: "9 old yang, changing to yin"}

// ichingRuleText is the rule of which texts to read (iching.Guide.Rule),
// after Zhu Xi.
var ichingRuleText = map[string]string{
	"none":    "no line changes: read the primary hexagram's judgment",
	"one":     "one line changes: read that line of the primary hexagram",
	"two":     "two lines change: read both changing lines of the primary hexagram, the upper one chief",
	"three":   "three lines change: read the judgments of both hexagrams, the primary's chief",
	"four":    "four lines change: read the resulting hexagram's two unchanging lines, the lower one chief",
	"five":    "five lines change: read the resulting hexagram's one unchanging line",
	"six":     "all six lines change: read the resulting hexagram's judgment",
	"six_all": "all six lines of 乾 or 坤 change: read its 用九/用六, then the resulting hexagram's judgment",
}

// ichingText quotes a text as "Chinese — “English”" (the Chinese in the
// page's script).
func ichingText(t iching.Text, lang i18n.Lang) string {
	return t.Chinese(string(lang)) + " — “" + t.En + "”"
}

// ichingHexName is "3 屯 (zhūn, Difficulty at the Beginning)".
func ichingHexName(h *iching.Hexagram, lang i18n.Lang) string {
	name := h.Name.Hans
	if lang == i18n.TraditionalChinese {
		name = h.Name.Hant
	}
	return fmt.Sprintf("%d %s %s (%s, %s)", h.Number, h.Symbol(), name, h.Name.Pinyin, h.Name.En)
}

// ichingTrigrams is "upper 坎 water, lower 震 thunder: water over thunder".
func ichingTrigrams(h *iching.Hexagram) string {
	up, lo := h.Upper(), h.Lower()
	return fmt.Sprintf("upper trigram %s %s (%s), lower trigram %s %s (%s): %s over %s",
		up.Symbol(), up.Name("zh-Hans"), up.Image("en"), lo.Symbol(), lo.Name("zh-Hans"), lo.Image("en"), up.Image("en"), lo.Image("en"))
}

// writeIChingFacts writes the cast as "key: value" lines.
func writeIChingFacts(b *strings.Builder, req Request) {
	res := req.IChing
	if res == nil {
		b.WriteString("cast: unavailable\n")
		return
	}
	c, lang := res.Cast, req.Lang
	method := ichingMethodNames[res.Request.Method]
	if method == "" {
		method = res.Request.Method
	}
	fmt.Fprintf(b, "method: %s\n", method)
	b.WriteString("lines (bottom up):\n")
	for i, l := range c.Lines {
		fmt.Fprintf(b, "- line %d: %s\n", i+1, ichingLineValues[l])
	}
	ch := c.Changing()
	if len(ch) == 0 {
		b.WriteString("changing_lines: none\n")
	} else {
		parts := make([]string, len(ch))
		for i, n := range ch {
			parts[i] = fmt.Sprint(n)
		}
		fmt.Fprintf(b, "changing_lines: %s\n", strings.Join(parts, ", "))
	}
	p := c.Primary()
	fmt.Fprintf(b, "primary_hexagram (本卦): %s; %s\n", ichingHexName(p, lang), ichingTrigrams(p))
	fmt.Fprintf(b, "primary_judgment (卦辞): %s\n", ichingText(p.Judgment, lang))
	fmt.Fprintf(b, "primary_image (大象): %s\n", ichingText(p.Image, lang))
	fmt.Fprintf(b, "primary_gloss: %s\n", p.Gloss.En)
	if len(ch) > 0 {
		b.WriteString("changing_line_texts (爻辞 of the primary hexagram):\n")
		for _, n := range ch {
			fmt.Fprintf(b, "- line %d, %s (%s): %s\n", n, p.LineLabel(n, "zh-Hans"), p.LineLabel(n, "en"), ichingText(p.Lines[n-1], lang))
		}
		if len(ch) == 6 && p.All != nil {
			fmt.Fprintf(b, "- %s (%s): %s\n", p.AllLabel("zh-Hans"), p.AllLabel("en"), ichingText(*p.All, lang))
		}
	}
	if r := c.Resulting(); r != nil {
		fmt.Fprintf(b, "resulting_hexagram (之卦): %s; %s\n", ichingHexName(r, lang), ichingTrigrams(r))
		fmt.Fprintf(b, "resulting_judgment: %s\n", ichingText(r.Judgment, lang))
		fmt.Fprintf(b, "resulting_gloss: %s\n", r.Gloss.En)
	} else {
		b.WriteString("resulting_hexagram: none (no line changes)\n")
	}
	fmt.Fprintf(b, "nuclear_hexagram (互卦, lines 2–4 and 3–5): %s\n", ichingHexName(p.Nuclear(), lang))
	fmt.Fprintf(b, "opposite_hexagram (错卦): %s\n", ichingHexName(p.Opposite(), lang))
	fmt.Fprintf(b, "reversed_hexagram (综卦): %s\n", ichingHexName(p.Reversed(), lang))
	g := iching.Read(c)
	fmt.Fprintf(b, "reading_rule (Zhu Xi, 易学启蒙): %s\n", ichingRuleText[g.Rule])
	b.WriteString("texts_to_read (the chief ones, chief first):\n")
	for i, part := range g.Parts {
		from, h := "primary", p
		if part.From == iching.FromResulting {
			from = "resulting"
			if r := c.Resulting(); r != nil {
				h = r
			}
		}
		label, text := c.Text(part, "zh-Hans")
		enLabel, _ := c.Text(part, "en")
		what := "line"
		switch part.Line {
		case 0:
			what, label, enLabel = "judgment of", h.Name.Hans, h.Name.En
		case iching.AllLines:
			what = "all-lines text of"
		}
		chief := ""
		if i == 0 {
			chief = "CHIEF "
		}
		fmt.Fprintf(b, "- %s%s %s hexagram %d: %s (%s): %s\n", chief, what, from, h.Number, label, enLabel, ichingText(text, lang))
	}
}

// ichingPrompt is BuildPrompt for an I Ching reading. The question asked
// of the cast is the person's text: only in the messages.
func ichingPrompt(req Request) (system string, messages []Message) {
	followUp := strings.TrimSpace(req.Question) != ""
	var b strings.Builder
	b.WriteString("You are a thoughtful, warm and grounded I Ching (易经, Book of Changes) reader. ")
	b.WriteString("Interpret the cast below for the person who cast it and the question they asked. ")
	b.WriteString("Use only the cast facts given here; do not recast, change the lines or invent hexagrams or texts; quote the classical texts as given. ")
	b.WriteString(readerRules("I Ching"))
	b.WriteString("\n\nLanguage: " + ichingLangInstruction(req.Lang) + "\n")
	b.WriteString("Topic: " + ichingInstruction + "\n")
	if followUp {
		b.WriteString("Task: answer the person's follow-up question about this cast in about 80–250 words (Chinese: about 150–400 characters), referring to the cast facts.\n")
	} else {
		b.WriteString("Task: write the reading in about 400–700 words (Chinese: about 700–1200 characters), in 4 to 6 sections, ending with two or three practical, encouraging suggestions.\n")
	}
	b.WriteString(readerFormat + "\n\n")
	b.WriteString("Cast facts (computed, trusted):\n")
	writeIChingFacts(&b, req)

	opening := "Please write my I Ching reading of this cast."
	q := ""
	if req.IChing != nil {
		q = cleanUserText(req.IChing.Request.Question, question.Max)
	}
	if q != "" {
		opening += "\nMy question: " + q
	} else {
		opening += "\nI cast without a specific question; read it for my situation as it is now."
	}
	return b.String(), conversation(opening, req)
}
