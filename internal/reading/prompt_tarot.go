package reading

import (
	"fmt"
	"strings"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/question"
	"github.com/bazi-master/bazi-master/tarot"
)

// The prompt of a Tarot reading (Request.IsTarot): the reader persona,
// the draw as trusted facts (package tarot: the spread, each position with
// its card) and, only in the messages, the question the person asked.

// tarotInstruction is the topic line of a draw's reading.
const tarotInstruction = "Tarot reading of the draw below, for the question the person asked of it — an overview of the draw " +
	"(major against minor arcana, the dominant suit and its element, the reversed cards), each position in order with its card read " +
	"in the light of that position (upright or reversed as drawn), how the positions speak to each other in this spread (see spread_relations), " +
	"and practical suggestions tied to the question. Answer a follow-up question from the card or position it names, else from the central card."

func tarotLangInstruction(l i18n.Lang) string {
	switch l {
	case i18n.SimplifiedChinese:
		return "write the whole answer in Simplified Chinese (简体中文), naming the cards and positions by their Chinese names given in the facts and using the standard terms (大阿尔卡那, 小阿尔卡那, 正位, 逆位, 牌阵)."
	case i18n.TraditionalChinese:
		return "write the whole answer in Traditional Chinese (繁體中文), naming the cards and positions by their Chinese names given in the facts and using the standard terms (大阿爾卡那, 小阿爾卡那, 正位, 逆位, 牌陣)."
	case i18n.Japanese:
		return "write the whole answer in Japanese (日本語), naming the cards and positions by their Japanese names given in the facts and using the standard terms (大アルカナ, 小アルカナ, 正位置, 逆位置, スプレッド)."
	case i18n.Korean:
		return "write the whole answer in Korean (한국어), naming the cards and positions by their Korean names given in the facts and using the standard terms (메이저 아르카나, 마이너 아르카나, 정방향, 역방향, 스프레드)."
	}
	return "write the whole answer in English, naming the cards and positions as given in the facts."
}

// tarotSuitThemes are the element and theme of each suit.
var tarotSuitThemes = map[string]string{
	"wands":     "fire: energy, action, ambition and creativity",
	"cups":      "water: feelings, relationships and intuition",
	"swords":    "air: thought, communication, conflict and decisions",
	"pentacles": "earth: work, money, the body and material security",
}

// tarotRelations say how the positions of a spread relate (1-based
// position numbers).
var tarotRelations = map[string][]string{
	"single": {
		"one card answers the question as a whole: its message is the focus, not a timeline.",
	},
	"three-card": {
		"positions 1 → 2 → 3 are an arc in time: the past that led here, the present, and the direction things are taking (still open to change).",
		"read the movement from card to card: what the past card set up, how the present card carries or changes it, where the future card leads.",
	},
	"celtic-cross": {
		"the cross (1–6): 1 is the heart of the matter and 2 crosses it as the challenge; read 1 and 2 together as the central tension.",
		"3 (foundation, below) is the root beneath the matter; 5 (conscious goal, above) is what is aimed at: compare the unconscious root with the conscious aim.",
		"4 (recent past, behind) leads into 6 (near future, ahead): the line of time through the present.",
		"the staff (7–10), read bottom to top: 7 the self, 8 the environment, 9 hopes and fears, 10 the outcome.",
		"weigh 10 (outcome) against 9 (hopes and fears): does the outcome meet the hope or the fear? And against 1: where the present leads.",
	},
	"relationship": {
		"1 (you) and 2 (the other person) mirror each other: compare what each brings.",
		"3 (the connection) is the bond between 1 and 2: what they make together.",
		"4 (your feelings) and 5 (their feelings) mirror each other: compare the inner sides.",
		"6 (the challenge) is what the two must work through together; 7 (where it is heading) is the direction if things continue, not a fixed fate.",
	},
}

// tarotCardKind is "Major Arcana 16" or "Minor Arcana, Swords (air): Knight".
func tarotCardKind(c *tarot.Card) string {
	if c.Arcana == tarot.Major {
		return fmt.Sprintf("Major Arcana %d", c.Number)
	}
	el := strings.SplitN(tarotSuitThemes[c.Suit], ":", 2)[0]
	return fmt.Sprintf("Minor Arcana, %s (%s), %s", c.Suit, el, c.Rank())
}

// writeTarotFacts writes the draw as "key: value" lines.
func writeTarotFacts(b *strings.Builder, req Request) {
	d := req.Tarot
	if d == nil || d.Spread == nil {
		b.WriteString("draw: unavailable\n")
		return
	}
	l := string(req.Lang)
	name := d.Spread.Name.En
	if req.Lang != i18n.English && d.Spread.Name.In(l) != "" {
		name += " / " + d.Spread.Name.In(l)
	}
	fmt.Fprintf(b, "spread: %s (%d positions)\n", name, len(d.Spread.Positions))
	if d.Reversals {
		b.WriteString("reversals: on (a reversed card reads with its reversed meaning)\n")
	} else {
		b.WriteString("reversals: off (every card is upright)\n")
	}
	majors, rev := 0, 0
	suits := map[string]int{}
	b.WriteString("positions (in order):\n")
	for i, dc := range d.Cards {
		c := dc.Card
		pos := d.Spread.Positions[dc.Position]
		pname, cname := pos.Name.En, c.Name.En
		if req.Lang != i18n.English {
			pname += " / " + pos.Name.In(l)
			cname += " / " + c.Name.In(l)
		}
		orient := "upright"
		if dc.Reversed {
			orient = "reversed"
			rev++
		}
		if c.Arcana == tarot.Major {
			majors++
		} else {
			suits[c.Suit]++
		}
		fmt.Fprintf(b, "- position %d, %s: %s\n", i+1, pname, pos.Meaning.En)
		fmt.Fprintf(b, "  card: %s (%s), %s\n", cname, tarotCardKind(c), orient)
		fmt.Fprintf(b, "  keywords: %s\n", strings.Join(c.Keywords.In(l), ", "))
		fmt.Fprintf(b, "  meaning (%s): %s\n", orient, c.Meaning(dc.Reversed).In(l))
	}
	fmt.Fprintf(b, "major_arcana: %d of %d\n", majors, len(d.Cards))
	var parts []string
	for _, s := range tarot.Suits {
		if suits[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d (%s)", s, suits[s], tarotSuitThemes[s]))
		}
	}
	if len(parts) == 0 {
		parts = []string{"none"}
	}
	fmt.Fprintf(b, "suits: %s\n", strings.Join(parts, "; "))
	fmt.Fprintf(b, "reversed_cards: %d\n", rev)
	b.WriteString("spread_relations:\n")
	for _, r := range tarotRelations[d.Spread.ID] {
		b.WriteString("- " + r + "\n")
	}
}

// tarotPrompt is BuildPrompt for a Tarot reading. The question asked of
// the draw is the person's text: only in the messages.
func tarotPrompt(req Request) (system string, messages []Message) {
	followUp := strings.TrimSpace(req.Question) != ""
	var b strings.Builder
	b.WriteString("You are a thoughtful, warm and grounded Tarot reader (Rider–Waite–Smith tradition). ")
	b.WriteString("Interpret the draw below for the person who drew it and the question they asked. ")
	b.WriteString("Use only the draw facts given here; do not redraw, change the cards, their positions or their orientation, or invent cards. ")
	b.WriteString(readerRules("Tarot"))
	b.WriteString("\n\nLanguage: " + tarotLangInstruction(req.Lang) + "\n")
	b.WriteString("Topic: " + tarotInstruction + "\n")
	if followUp {
		b.WriteString("Task: answer the person's follow-up question about this draw in about 80–250 words (Chinese: about 150–400 characters), referring to the draw facts.\n")
	} else {
		b.WriteString("Task: write the reading in about 400–800 words (Chinese: about 700–1300 characters), in 4 to 6 sections, ending with two or three practical, encouraging suggestions.\n")
	}
	b.WriteString(readerFormat + "\n\n")
	b.WriteString("Draw facts (computed, trusted):\n")
	writeTarotFacts(&b, req)

	opening := "Please write my Tarot reading of this draw."
	q := ""
	if req.Tarot != nil {
		q = cleanUserText(req.Tarot.Question, question.Max)
	}
	if q != "" {
		opening += "\nMy question: " + q
	} else {
		opening += "\nI drew without a specific question; read it for my situation as it is now."
	}
	return b.String(), conversation(opening, req)
}
