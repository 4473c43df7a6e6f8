// Package synthesis compares one birth across BaZi, Zi Wei Dou Shu and
// Western astrology: where the three systems agree and where they differ,
// each point by a stated rule. It is pure: no I/O, no text (the page and
// the reader word the points in the reader's language).
//
// Every rule compares 五行 elements (or yin and yang), so the Western side
// is mapped onto them by the classical correspondence of the signs'
// triplicities: fire → 火, earth → 土, water → 水, air → 木 (air is wind,
// and wind is 巽, a wood trigram). 金 has no Western counterpart.
package synthesis

import (
	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/ziwei"
)

// Verdict is the outcome of one point.
type Verdict string

const (
	Agree   Verdict = "agree"   // the systems share the value the rule compares
	Differ  Verdict = "differ"  // they name different values
	Unknown Verdict = "unknown" // too little is known (no birth time): not compared
)

// The rules, in the order the page shows them; each is also a theme.
const (
	RuleElement      = "element"       // self: BaZi's strongest element vs the Sun and Moon signs vs the 五行局
	RuleTemperament  = "temperament"   // self: the day master's yin/yang vs the Sun sign's polarity
	RuleCareer       = "career"        // work: the dominant ten-god group vs 官禄宫 stars vs the Midheaven
	RuleRelationship = "relationships" // relationships: the spouse palace vs 夫妻宫 stars vs the Descendant
)

// Theme of a rule: "self", "work" or "relationships".
func Theme(rule string) string {
	switch rule {
	case RuleCareer:
		return "work"
	case RuleRelationship:
		return "relationships"
	}
	return "self"
}

// Systems.
const (
	BaZi    = "bazi"
	Ziwei   = "ziwei"
	Western = "astro"
)

// Evidence is one system's side of a point.
type Evidence struct {
	System string // BaZi, Ziwei or Western
	// Factor names what was read: dominant_element, sun, moon, five_class,
	// day_master, tengod_group, career_stars, midheaven, spouse_palace,
	// spouse_stars, descendant.
	Factor string
	// Value is what the rule compares: an element key (wood … water) or a
	// polarity (yin, yang).
	Values []string
	// Sign is the sign read (Western factors), Stars the major stars read
	// (Zi Wei factors; empty palace: none), Group the ten-god group key
	// (companion, output, wealth, officer, resource), Branch the earthly
	// branch read (the spouse palace).
	Sign   *astro.Sign
	Stars  []ziwei.StarID
	Group  string
	Branch string
}

// Point is one comparison.
type Point struct {
	Rule     string
	Verdict  Verdict
	Shared   []string // the values more than one system names (agree)
	Evidence []Evidence
	// Missing, for Unknown, is the system or systems that need the birth time.
	Missing []string
}

// Input is the three charts of one birth. Board is nil without a birth
// time; Astro without a time has no angles.
type Input struct {
	Chart *bazi.Chart
	Board *ziwei.Board
	Astro *astro.Chart
}

// SignElement maps a sign to its 五行 by its triplicity (see the package
// comment).
func SignElement(s astro.Sign) string {
	switch s % 4 {
	case 0: // Aries, Leo, Sagittarius
		return "fire"
	case 1: // Taurus, Virgo, Capricorn
		return "earth"
	case 2: // Gemini, Libra, Aquarius
		return "wood"
	}
	return "water" // Cancer, Scorpio, Pisces
}

// SignPolarity is a sign's polarity: fire and air signs are yang
// (masculine), earth and water signs yin.
func SignPolarity(s astro.Sign) string {
	if s%2 == 0 {
		return "yang"
	}
	return "yin"
}

// ClassElement is the element of a 五行局.
func ClassElement(c ziwei.FiveClass) string {
	switch c {
	case ziwei.Water2:
		return "water"
	case ziwei.Wood3:
		return "wood"
	case ziwei.Metal4:
		return "metal"
	case ziwei.Earth5:
		return "earth"
	case ziwei.Fire6:
		return "fire"
	}
	return ""
}

// starElements are the classical 五行 of the fourteen major stars.
var starElements = map[ziwei.StarID]string{
	ziwei.StarZiweiMaj: "earth", ziwei.StarTianjiMaj: "wood", ziwei.StarTaiyangMaj: "fire",
	ziwei.StarWuquMaj: "metal", ziwei.StarTiantongMaj: "water", ziwei.StarLianzhenMaj: "fire",
	ziwei.StarTianfuMaj: "earth", ziwei.StarTaiyinMaj: "water", ziwei.StarTanlangMaj: "wood",
	ziwei.StarJumenMaj: "water", ziwei.StarTianxiangMaj: "water", ziwei.StarTianliangMaj: "earth",
	ziwei.StarQishaMaj: "metal", ziwei.StarPojunMaj: "water",
}

// StarElement is a major star's classical element ("" for other stars).
func StarElement(s ziwei.StarID) string { return starElements[s] }

// GroupKeys name the five ten-god groups by TenGod/2.
var GroupKeys = [5]string{"companion", "output", "wealth", "officer", "resource"}

// DominantGroup is the ten-god group with the most weight among the
// visible stems (the day's excluded) and the branches' main hidden stems,
// the month branch counted twice; ties go to the earlier group in the
// order officer, wealth, resource, output, companion (career first).
func DominantGroup(c *bazi.Chart) (group string, god bazi.TenGod) {
	var w [5]float64
	add := func(g bazi.TenGod, n float64) {
		if g < bazi.DayMasterGod {
			w[g/2] += n
		}
	}
	for pos := 0; pos < 4; pos++ {
		p := c.Pillars.At(pos)
		if p == nil {
			continue
		}
		if pos != 2 {
			add(p.TenGod, 1)
		}
		n := 1.0
		if pos == 1 {
			n = 2
		}
		add(p.BranchTenGod, n)
	}
	best := -1
	for _, i := range []int{3, 2, 4, 1, 0} {
		if best < 0 || w[i] > w[best] {
			best = i
		}
	}
	return GroupKeys[best], bazi.TenGod(best * 2)
}

// Compare computes every point for one birth, in rule order.
func Compare(in Input) []Point {
	return []Point{element(in), temperament(in), career(in), relationships(in)}
}

func sign(s astro.Sign) *astro.Sign { return &s }

// verdict decides a point from its evidence: Agree when BaZi's value is
// named by another system, Differ otherwise; Shared lists the values
// named by more than one system.
func verdict(p *Point) {
	seen := map[string]map[string]bool{}
	for _, e := range p.Evidence {
		for _, v := range e.Values {
			if seen[v] == nil {
				seen[v] = map[string]bool{}
			}
			seen[v][e.System] = true
		}
	}
	p.Verdict = Differ
	for _, e := range p.Evidence {
		for _, v := range e.Values {
			if len(seen[v]) > 1 && !contains(p.Shared, v) {
				p.Shared = append(p.Shared, v)
			}
		}
	}
	for _, e := range p.Evidence {
		if e.System != BaZi {
			continue
		}
		for _, v := range e.Values {
			if len(seen[v]) > 1 {
				p.Verdict = Agree
			}
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// element: BaZi's strongest element (weighted) against the Sun and Moon
// signs' elements and the 五行局. The Moon needs no birth time (its sign
// at noon may be off by one near a change; the page says so).
func element(in Input) Point {
	p := Point{Rule: RuleElement}
	p.Evidence = append(p.Evidence, Evidence{System: BaZi, Factor: "dominant_element", Values: []string{in.Chart.Elements.Dominant}})
	sun, moon := in.Astro.Bodies[astro.Sun].Sign, in.Astro.Bodies[astro.Moon].Sign
	p.Evidence = append(p.Evidence,
		Evidence{System: Western, Factor: "sun", Values: []string{SignElement(sun)}, Sign: sign(sun)},
		Evidence{System: Western, Factor: "moon", Values: []string{SignElement(moon)}, Sign: sign(moon)})
	if in.Board != nil {
		p.Evidence = append(p.Evidence, Evidence{System: Ziwei, Factor: "five_class", Values: []string{ClassElement(in.Board.Class)}})
	}
	verdict(&p)
	return p
}

// temperament: the day master's polarity against the Sun sign's.
func temperament(in Input) Point {
	p := Point{Rule: RuleTemperament}
	sun := in.Astro.Bodies[astro.Sun].Sign
	p.Evidence = []Evidence{
		{System: BaZi, Factor: "day_master", Values: []string{in.Chart.DayMaster.Stem.Polarity().String()}},
		{System: Western, Factor: "sun", Values: []string{SignPolarity(sun)}, Sign: sign(sun)},
	}
	verdict(&p)
	return p
}

// palaceStars lists a palace's major stars and their elements; an empty
// palace gives its branch's element, as the palace is then read by its
// position.
func palaceStars(b *ziwei.Board, name ziwei.PalaceName) (stars []ziwei.StarID, elements []string, branch bazi.Branch) {
	for i := range b.Palaces {
		pa := &b.Palaces[i]
		if pa.Name != name {
			continue
		}
		for _, s := range pa.Major {
			stars = append(stars, s.ID)
			if e := StarElement(s.ID); e != "" && !contains(elements, e) {
				elements = append(elements, e)
			}
		}
		if len(elements) == 0 {
			elements = []string{pa.Branch.Element().Key()}
		}
		return stars, elements, pa.Branch
	}
	return nil, nil, 0
}

// career: the element of BaZi's dominant ten-god group (relative to the
// day master) against the 官禄宫's major stars and the Midheaven's sign.
func career(in Input) Point {
	p := Point{Rule: RuleCareer}
	group, god := DominantGroup(in.Chart)
	p.Evidence = append(p.Evidence, Evidence{System: BaZi, Factor: "tengod_group", Group: group,
		Values: []string{god.Element(in.Chart.DayMaster.Stem).Key()}})
	return withTimed(in, p, ziwei.PalaceCareer, "career_stars", in.Astro.Midheaven, "midheaven")
}

// relationships: the spouse palace (the day branch) against the 夫妻宫's
// major stars and the Descendant's sign (the 7th house cusp).
func relationships(in Input) Point {
	p := Point{Rule: RuleRelationship}
	br := in.Chart.FourPillars.Day.Branch()
	p.Evidence = append(p.Evidence, Evidence{System: BaZi, Factor: "spouse_palace", Branch: br.String(),
		Values: []string{br.Element().Key()}})
	return withTimed(in, p, ziwei.PalaceSpouse, "spouse_stars", in.Astro.Ascendant+180, "descendant")
}

// withTimed adds the sides that need the birth time: a Zi Wei palace and
// a Western angle. Without both the point is Unknown.
func withTimed(in Input, p Point, palace ziwei.PalaceName, starFactor string, angle float64, angleFactor string) Point {
	if in.Board != nil {
		stars, els, br := palaceStars(in.Board, palace)
		p.Evidence = append(p.Evidence, Evidence{System: Ziwei, Factor: starFactor, Stars: stars, Values: els, Branch: br.String()})
	} else {
		p.Missing = append(p.Missing, Ziwei)
	}
	if in.Astro.HasAngles {
		s, _, _ := astro.Zodiac(angle)
		p.Evidence = append(p.Evidence, Evidence{System: Western, Factor: angleFactor, Values: []string{SignElement(s)}, Sign: sign(s)})
	} else {
		p.Missing = append(p.Missing, Western)
	}
	if len(p.Missing) == 2 {
		p.Verdict = Unknown
		return p
	}
	verdict(&p)
	return p
}
