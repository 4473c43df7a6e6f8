// Package bazi computes Four Pillars (八字) charts. It is pure: no I/O, no
// HTTP, no imports of the application. Tables it needs are generated Go
// constants, so a chart is computed without building ephemerides.
package bazi

// Stem is a heavenly stem (天干), 0 = 甲 … 9 = 癸.
type Stem uint8

// Branch is an earthly branch (地支), 0 = 子 … 11 = 亥.
type Branch uint8

// Element is one of the five phases (五行).
type Element uint8

const (
	Wood Element = iota
	Fire
	Earth
	Metal
	Water
)

// Polarity is yin or yang (阴阳).
type Polarity uint8

const (
	Yang Polarity = iota
	Yin
)

// GanZhi is a sexagenary pair (干支), 0 = 甲子 … 59 = 癸亥.
type GanZhi uint8

const (
	NumStems    = 10
	NumBranches = 12
	NumGanZhi   = 60
)

var stemNames = [NumStems]string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"}
var stemPinyin = [NumStems]string{"jiǎ", "yǐ", "bǐng", "dīng", "wù", "jǐ", "gēng", "xīn", "rén", "guǐ"}
var branchNames = [NumBranches]string{"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"}
var branchPinyin = [NumBranches]string{"zǐ", "chǒu", "yín", "mǎo", "chén", "sì", "wǔ", "wèi", "shēn", "yǒu", "xū", "hài"}

// branchAnimals are the zodiac animals (生肖) in English.
var branchAnimals = [NumBranches]string{"Rat", "Ox", "Tiger", "Rabbit", "Dragon", "Snake", "Horse", "Goat", "Monkey", "Rooster", "Dog", "Pig"}

var elementNames = [5]string{"木", "火", "土", "金", "水"}
var elementKeys = [5]string{"wood", "fire", "earth", "metal", "water"}

// branchElements: 子水 丑土 寅木 卯木 辰土 巳火 午火 未土 申金 酉金 戌土 亥水.
var branchElements = [NumBranches]Element{Water, Earth, Wood, Wood, Earth, Fire, Fire, Earth, Metal, Metal, Earth, Water}

// String returns the stem's Chinese character.
func (s Stem) String() string { return stemNames[s%NumStems] }

// Pinyin returns the stem's pinyin with tone marks.
func (s Stem) Pinyin() string { return stemPinyin[s%NumStems] }

// Element returns the stem's phase: 甲乙 wood, 丙丁 fire, 戊己 earth, 庚辛 metal, 壬癸 water.
func (s Stem) Element() Element { return Element((s % NumStems) / 2) }

// Polarity returns yang for 甲丙戊庚壬 and yin for the others.
func (s Stem) Polarity() Polarity { return Polarity(s % 2) }

// String returns the branch's Chinese character.
func (b Branch) String() string { return branchNames[b%NumBranches] }

// Pinyin returns the branch's pinyin with tone marks.
func (b Branch) Pinyin() string { return branchPinyin[b%NumBranches] }

// Animal returns the branch's zodiac animal in English.
func (b Branch) Animal() string { return branchAnimals[b%NumBranches] }

// Element returns the branch's own phase.
func (b Branch) Element() Element { return branchElements[b%NumBranches] }

// Polarity returns yang for 子寅辰午申戌 and yin for the others.
func (b Branch) Polarity() Polarity { return Polarity(b % 2) }

// String returns the element's Chinese character (木火土金水).
func (e Element) String() string { return elementNames[e%5] }

// Key returns the element's lower-case English name, used as a JSON key.
func (e Element) Key() string { return elementKeys[e%5] }

// Generates returns the element this one produces (生): wood → fire → earth → metal → water → wood.
func (e Element) Generates() Element { return (e + 1) % 5 }

// Controls returns the element this one overcomes (克): wood → earth → water → fire → metal → wood.
func (e Element) Controls() Element { return (e + 2) % 5 }

// String returns "yang" or "yin".
func (p Polarity) String() string {
	if p == Yang {
		return "yang"
	}
	return "yin"
}

// NewGanZhi pairs a stem and a branch. Only pairs of equal polarity exist in
// the sexagenary cycle; ok is false for the others.
func NewGanZhi(s Stem, b Branch) (g GanZhi, ok bool) {
	s, b = s%NumStems, b%NumBranches
	if uint8(s)%2 != uint8(b)%2 {
		return 0, false
	}
	// i ≡ s (mod 10) and i ≡ b (mod 12): i = s + 10k with 5k ≡ m (mod 6),
	// m = (b-s)/2; 5 is its own inverse mod 6, so k = 5m mod 6.
	m := ((int(b) - int(s) + 12) % 12) / 2
	i := int(s) + 10*((m*5)%6)
	return GanZhi(i), true
}

// Stem returns the pair's stem.
func (g GanZhi) Stem() Stem { return Stem(g % NumStems) }

// Branch returns the pair's branch.
func (g GanZhi) Branch() Branch { return Branch(g % NumBranches) }

// Add moves n steps along the cycle (negative n goes back).
func (g GanZhi) Add(n int) GanZhi {
	return GanZhi(((int(g)+n)%NumGanZhi + NumGanZhi) % NumGanZhi)
}

var ganzhiNames = func() (names [NumGanZhi]string) {
	for i := range names {
		g := GanZhi(i)
		names[i] = g.Stem().String() + g.Branch().String()
	}
	return names
}()

// String returns the pair's two characters, for example "甲子".
func (g GanZhi) String() string { return ganzhiNames[g%NumGanZhi] }

// ParseGanZhi reads a two-character pair such as "甲子".
func ParseGanZhi(s string) (GanZhi, bool) {
	for i, n := range ganzhiNames {
		if n == s {
			return GanZhi(i), true
		}
	}
	return 0, false
}

// ParseStem reads a stem character.
func ParseStem(s string) (Stem, bool) {
	for i, n := range stemNames {
		if n == s {
			return Stem(i), true
		}
	}
	return 0, false
}

// ParseBranch reads a branch character.
func ParseBranch(s string) (Branch, bool) {
	for i, n := range branchNames {
		if n == s {
			return Branch(i), true
		}
	}
	return 0, false
}
