package iching

// Which of a cast's texts to read, by 朱熹《易学启蒙·考变占》:
//
//	0 lines change: the primary hexagram's judgment (卦辞);
//	1: the primary's changing line;
//	2: the primary's two changing lines, the upper one chief;
//	3: the judgments of both hexagrams, the primary's chief;
//	4: the resulting hexagram's two unchanging lines, the lower one chief;
//	5: the resulting hexagram's one unchanging line;
//	6: the resulting hexagram's judgment — for 乾 and 坤, 用九 and 用六.

// Source says which hexagram a text is from.
type Source uint8

// The two hexagrams of a cast.
const (
	FromPrimary Source = iota
	FromResulting
)

// Part is one text to read: a hexagram's judgment (Line 0), one of its
// lines (1–6) or its 用九/用六 (Line 7).
type Part struct {
	From Source
	Line int
}

// AllLines marks Part.Line as 用九/用六.
const AllLines = 7

// Guide is what to read for a cast: the rule that applies and the texts,
// the chief one first.
type Guide struct {
	// Rule names the case for its explanation: "none", "one", "two",
	// "three", "four", "five", "six" or "six_all" (乾 or 坤 with every
	// line changing).
	Rule  string
	Parts []Part
}

// Read is the guide to a cast.
func Read(c Cast) Guide {
	ch := c.Changing()
	switch len(ch) {
	case 0:
		return Guide{Rule: "none", Parts: []Part{{FromPrimary, 0}}}
	case 1:
		return Guide{Rule: "one", Parts: []Part{{FromPrimary, ch[0]}}}
	case 2:
		return Guide{Rule: "two", Parts: []Part{{FromPrimary, ch[1]}, {FromPrimary, ch[0]}}}
	case 3:
		return Guide{Rule: "three", Parts: []Part{{FromPrimary, 0}, {FromResulting, 0}}}
	case 4, 5:
		var still []int
		for i, l := range c.Lines {
			if !l.Changing() {
				still = append(still, i+1)
			}
		}
		if len(still) == 2 {
			return Guide{Rule: "four", Parts: []Part{{FromResulting, still[0]}, {FromResulting, still[1]}}}
		}
		return Guide{Rule: "five", Parts: []Part{{FromResulting, still[0]}}}
	}
	if p := c.Primary(); p.All != nil {
		return Guide{Rule: "six_all", Parts: []Part{{FromPrimary, AllLines}, {FromResulting, 0}}}
	}
	return Guide{Rule: "six", Parts: []Part{{FromResulting, 0}}}
}

// Reads reports whether the guide reads the part: line n (0 judgment, 1–6,
// AllLines) of the hexagram from src.
func (g Guide) Reads(src Source, n int) bool {
	for _, p := range g.Parts {
		if p.From == src && p.Line == n {
			return true
		}
	}
	return false
}

// Text is the text a part points to in a cast, with its label in lang.
func (c Cast) Text(p Part, lang string) (label string, text Text) {
	h := c.Primary()
	if p.From == FromResulting {
		if r := c.Resulting(); r != nil {
			h = r
		}
	}
	switch {
	case p.Line == 0:
		return h.Name.In(lang), h.Judgment
	case p.Line == AllLines && h.All != nil:
		return h.AllLabel(lang), *h.All
	case p.Line >= 1 && p.Line <= 6:
		return h.LineLabel(p.Line, lang), h.Lines[p.Line-1]
	}
	return "", Text{}
}
