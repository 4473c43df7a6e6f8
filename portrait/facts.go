// Package portrait paints a chart's "soul portrait": a deterministic SVG
// drawn from a few facts of the chart (day master, element balance,
// dominant ten god, season, favourable elements), and the English image
// prompt an image model is given for the same facts. It is pure: it
// imports only bazi.
package portrait

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
)

// Season is the season of birth, read from the month branch.
type Season uint8

const (
	Spring Season = iota // 寅卯辰
	Summer               // 巳午未
	Autumn               // 申酉戌
	Winter               // 亥子丑
)

var seasonKeys = [4]string{"spring", "summer", "autumn", "winter"}

// Key is "spring", "summer", "autumn" or "winter".
func (s Season) Key() string { return seasonKeys[s%4] }

// SeasonOf is the season whose months include branch b (寅 opens spring).
func SeasonOf(b bazi.Branch) Season {
	return Season(((int(b)%bazi.NumBranches + 10) % 12) / 3)
}

// Facts are everything the portrait is drawn from. Nothing in them comes
// from what a user typed, so the prompt built on them carries no user text.
type Facts struct {
	DayMaster        bazi.Stem
	DayMasterElement bazi.Element
	Polarity         bazi.Polarity
	StrengthLabel    string // very_weak … very_strong, as on the chart page
	// Balance is each element's share (0–100) of the chart's weighted
	// element scores, the numbers the chart page's balance bar shows.
	Balance   [5]float64
	Strongest bazi.Element
	Weakest   bazi.Element
	// DominantGod is the ten god with the largest weight among the visible
	// stems (day stem excluded, 1 each) and the hidden stems (main 1,
	// middle 0.5, residual 0.3, the month branch's ×2).
	DominantGod bazi.TenGod
	MonthBranch bazi.Branch
	Season      Season
	// Favourable are the useful (喜用) elements, most useful first.
	Favourable []bazi.Element
	// Pillars are the pillars' names (year, month, day, hour or ""): they
	// only seed the variation, so two charts with the same headline facts
	// still look different.
	Pillars [4]string
}

// FactsOf reads the facts of c.
func FactsOf(c *bazi.Chart) Facts {
	dm := c.DayMaster.Stem
	f := Facts{
		DayMaster:        dm,
		DayMasterElement: dm.Element(),
		Polarity:         dm.Polarity(),
		StrengthLabel:    c.Strength.Label,
		MonthBranch:      c.Pillars.Month.GanZhi.Branch(),
		Favourable:       append([]bazi.Element(nil), c.Favourable.Elements...),
	}
	f.Season = SeasonOf(f.MonthBranch)
	p := c.Elements.Percent
	f.Balance = [5]float64{p.Wood, p.Fire, p.Earth, p.Metal, p.Water}
	for e := bazi.Element(1); e < 5; e++ {
		if f.Balance[e] > f.Balance[f.Strongest] {
			f.Strongest = e
		}
		if f.Balance[e] < f.Balance[f.Weakest] {
			f.Weakest = e
		}
	}

	var gods [bazi.NumTenGods]float64
	mainWeights := [3]float64{1, 0.5, 0.3}
	for pos := 0; pos < 4; pos++ {
		pd := c.Pillars.At(pos)
		if pd == nil {
			continue
		}
		f.Pillars[pos] = pd.Name
		if pos != bazi.PosDay {
			gods[bazi.TenGodOf(dm, pd.GanZhi.Stem())]++
		}
		mul := 1.0
		if pos == bazi.PosMonth {
			mul = 2
		}
		for i, h := range pd.HiddenStems {
			if i < 3 {
				gods[bazi.TenGodOf(dm, h.Stem)] += mainWeights[i] * mul
			}
		}
	}
	for g := bazi.TenGod(1); g < bazi.DayMasterGod; g++ {
		if gods[g] > gods[f.DominantGod] {
			f.DominantGod = g
		}
	}
	return f
}

// key is the facts written out canonically: the seed of the variation.
func (f Facts) key() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%d|%s|%d|%d|", f.DayMaster, f.MonthBranch, f.StrengthLabel, f.DominantGod, f.Season)
	for _, v := range f.Balance {
		b.WriteString(strconv.FormatFloat(v, 'f', 1, 64))
		b.WriteByte(',')
	}
	for _, e := range f.Favourable {
		b.WriteString(strconv.Itoa(int(e)))
	}
	b.WriteByte('|')
	b.WriteString(strings.Join(f.Pillars[:], ","))
	return b.String()
}

var elementImagery = [5]string{
	"a living tree with branching limbs and new leaves",
	"a steady flame radiating light",
	"layered hills and solid, grounded stone",
	"polished metal rings and fine blades catching light",
	"deep flowing water and rolling waves",
}

var seasonImagery = [4]string{
	"early spring light, fresh greens and pale mist",
	"high summer, warm golden air",
	"clear autumn, amber and rust tones",
	"still winter night, deep indigo and silver frost",
}

var godImagery = [bazi.NumTenGods]string{
	"two matching forms side by side, companionship",
	"two rival forms in dynamic tension",
	"generous blossoms spilling outward",
	"bold, unconventional sparks breaking a pattern",
	"scattered treasures orbiting freely",
	"a carefully tended garden of treasures",
	"a sharp, commanding arc of force",
	"an orderly ring of balanced symbols",
	"a solitary, mysterious moon",
	"a gentle protective halo",
	"a single central figure",
}

var strengthImagery = map[string]string{
	"very_weak":   "delicate and translucent",
	"weak":        "soft and gentle",
	"balanced":    "harmonious and centred",
	"strong":      "confident and vivid",
	"very_strong": "powerful and dominant",
}

// Prompt is an English prompt for an image model, built only from f.
func (f Facts) Prompt() string {
	var b strings.Builder
	b.WriteString("An abstract, symbolic 'soul portrait' painting in the spirit of Chinese Five Elements (Wu Xing) art, no text, no letters, no people's faces. ")
	fmt.Fprintf(&b, "Central emblem: %s, representing a %s %s day master, %s in mood. ",
		elementImagery[f.DayMasterElement%5], polarityWord(f.Polarity), f.DayMasterElement.Key(),
		orDefault(strengthImagery[f.StrengthLabel], "harmonious and centred"))
	fmt.Fprintf(&b, "Setting: %s. ", seasonImagery[f.Season%4])
	fmt.Fprintf(&b, "The strongest element is %s and the weakest is %s; ", f.Strongest.Key(), f.Weakest.Key())
	b.WriteString("show the five elements in these proportions: ")
	for e := bazi.Element(0); e < 5; e++ {
		if e > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %.0f%%", e.Key(), f.Balance[e])
	}
	b.WriteString(". ")
	fmt.Fprintf(&b, "Around it: %s. ", godImagery[f.DominantGod%bazi.NumTenGods])
	if len(f.Favourable) > 0 {
		b.WriteString("Accent colours: ")
		for i, e := range f.Favourable {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s (%s)", colourNames[e%5], Colours[e%5].Base)
		}
		b.WriteString(". ")
	}
	b.WriteString("Square composition, rich texture, luminous, contemplative.")
	return b.String()
}

var colourNames = [5]string{"jade green", "vermilion red", "ochre", "silver grey", "deep blue"}

func polarityWord(p bazi.Polarity) string {
	if p == bazi.Yin {
		return "yin"
	}
	return "yang"
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
