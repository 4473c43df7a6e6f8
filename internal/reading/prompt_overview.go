package reading

import (
	"fmt"
	"strings"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/synthesis"
)

// overviewInstruction is the topic line of a synthesis reading.
const overviewInstruction = "a synthesis of the three systems for this one birth: introduce the person through each system, then one section per theme (self and temperament; work and career; relationships), drawing on BaZi, Zi Wei Dou Shu and Western astrology in turn, and say plainly where the systems agree and where they differ, using the agreement points and their rules below (do not invent other correspondences); close with a short, practical, encouraging summary. Where a system lacks data (no birth time) say so instead of guessing."

// overviewLangInstruction is the language line of a synthesis reading.
func overviewLangInstruction(l i18n.Lang) string {
	switch l {
	case i18n.SimplifiedChinese:
		return "write in Simplified Chinese (简体中文), using the standard Chinese terms of each system (日主, 命宫, 五行局, 上升星座)."
	case i18n.TraditionalChinese:
		return "write in Traditional Chinese (繁體中文), using the standard Chinese terms of each system (日主, 命宮, 五行局, 上升星座)."
	case i18n.Japanese:
		return "write in Japanese (日本語), using each system's Japanese terms (日干, 命宮, 五行局, アセンダント)."
	case i18n.Korean:
		return "write in Korean (한국어), using each system's Korean terms (일간, 명궁, 오행국, 상승궁)."
	}
	return "write in English; give Chinese terms with their characters once (Day Master 日主, Life Palace 命宫)."
}

// overviewPrompt is the prompt of a synthesis reading: every system's
// facts (the same facts their own readings state) and the agreement
// points with their rules.
func overviewPrompt(req Request) (system string, messages []Message) {
	followUp := strings.TrimSpace(req.Question) != ""
	var b strings.Builder
	b.WriteString("You are a thoughtful, warm and grounded reader of BaZi (八字), Zi Wei Dou Shu (紫微斗数) and Western astrology (tropical zodiac). ")
	b.WriteString("Compare the three charts below, all of one birth, for the person they belong to. ")
	b.WriteString("Use only the facts given here; do not recalculate any chart or invent pillars, palaces, stars, positions or aspects. ")
	b.WriteString(readerRules("overview") + "\n\n")
	b.WriteString("Language: " + overviewLangInstruction(req.Lang) + "\n")
	b.WriteString("Topic: " + overviewInstruction + "\n")
	if followUp {
		b.WriteString("Task: answer the person's follow-up question in about 80–250 words (Chinese: about 150–400 characters), from the system or theme it names, referring to the facts.\n")
	} else {
		b.WriteString("Task: write the reading in about 500–900 words (Chinese: about 900–1500 characters), in 4 to 6 sections.\n")
	}
	b.WriteString(readerFormat + "\n\n")
	b.WriteString("BaZi chart facts (computed, trusted):\n")
	writeChartFacts(&b, Request{Chart: req.Chart, Now: req.Now, Topic: TopicOverall})
	b.WriteString("\nZi Wei Dou Shu board facts (computed, trusted):\n")
	if req.Board != nil {
		writeZiweiFacts(&b, Request{Board: req.Board, Horoscope: req.Horoscope, Now: req.Now})
	} else {
		b.WriteString("board: unavailable (the birth time is unknown; a board needs the hour)\n")
	}
	b.WriteString("\nWestern natal chart facts (computed, trusted):\n")
	writeAstroFacts(&b, Request{Astro: req.Astro, Now: req.Now})
	b.WriteString("\n")
	writeSynthesisFacts(&b, req.Points)
	system = b.String()

	opening := "Please write my synthesis reading of BaZi, Zi Wei Dou Shu and Western astrology."
	if name := cleanUserText(req.Name, MaxNameRunes); name != "" {
		opening += "\nMy name is: " + name
	}
	return system, conversation(opening, req)
}

// synthesisRules state each rule for the prompt.
var synthesisRules = map[string]string{
	synthesis.RuleElement:      "BaZi's strongest element (weighted) vs the Sun and Moon signs' elements vs the Zi Wei 五行局",
	synthesis.RuleTemperament:  "the day master's yin/yang vs the Sun sign's polarity (fire and air signs yang, earth and water yin)",
	synthesis.RuleCareer:       "the element of BaZi's dominant ten-god group (relative to the day master) vs the elements of the 官禄宫 major stars vs the Midheaven sign",
	synthesis.RuleRelationship: "the element of the spouse palace (day branch) vs the 夫妻宫 major stars vs the Descendant sign (7th house)",
}

// writeSynthesisFacts states the agreement points: each rule, its
// verdict and every system's side.
func writeSynthesisFacts(b *strings.Builder, points []synthesis.Point) {
	b.WriteString("Agreement points (computed, trusted). Sign elements map to 五行 by the classical correspondence fire→fire, earth→earth, water→water, air→wood (air is wind, the wood trigram 巽); metal has no Western counterpart. A point agrees when BaZi's value is named by another system.\n")
	for _, p := range points {
		fmt.Fprintf(b, "- %s (%s): %s", p.Rule, synthesis.Theme(p.Rule), p.Verdict)
		if len(p.Shared) > 0 {
			fmt.Fprintf(b, ", shared: %s", strings.Join(p.Shared, ", "))
		}
		fmt.Fprintf(b, "; rule: %s\n", synthesisRules[p.Rule])
		for _, e := range p.Evidence {
			fmt.Fprintf(b, "  - %s %s", e.System, e.Factor)
			switch {
			case e.Sign != nil:
				fmt.Fprintf(b, " %s", e.Sign.String())
			case e.Group != "":
				fmt.Fprintf(b, " %s", e.Group)
			case len(e.Stars) > 0:
				names := make([]string, len(e.Stars))
				for i, s := range e.Stars {
					names[i] = s.Name()
				}
				fmt.Fprintf(b, " %s", strings.Join(names, " "))
			case e.Factor == "spouse_palace":
				fmt.Fprintf(b, " %s", e.Branch)
			case e.Branch != "":
				fmt.Fprintf(b, " %s (no major star)", e.Branch)
			}
			fmt.Fprintf(b, " → %s\n", strings.Join(e.Values, ", "))
		}
		if len(p.Missing) > 0 {
			fmt.Fprintf(b, "  - needs the birth time: %s\n", strings.Join(p.Missing, ", "))
		}
	}
}
