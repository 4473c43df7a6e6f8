package iching

// Trigram is a three-line figure, bit i for line i+1 from the bottom, 1 =
// yang: 坤 0, 震 1, 坎 2, 兑 3, 艮 4, 离 5, 巽 6, 乾 7.
type Trigram uint8

// The eight trigrams by line pattern.
const (
	Kun Trigram = iota
	Zhen
	Kan
	Dui
	Gen
	Li
	Xun
	Qian
)

type trigramInfo struct {
	hans, hant, pinyin, en, image, imageHant, imageEn, symbol string
	xiantian                                                  int // 先天 number: 乾1 兑2 离3 震4 巽5 坎6 艮7 坤8
	// ko, imageKo are the Korean readings (건 … 곤, 천 … 지); Japanese
	// writes the traditional characters, with 沢 for 澤.
	ko, imageKo string
}

var trigrams = [8]trigramInfo{
	Kun:  {"坤", "坤", "kūn", "The Receptive", "地", "地", "earth", "☷", 8, "곤", "지"},
	Zhen: {"震", "震", "zhèn", "The Arousing", "雷", "雷", "thunder", "☳", 4, "진", "뇌"},
	Kan:  {"坎", "坎", "kǎn", "The Abysmal", "水", "水", "water", "☵", 6, "감", "수"},
	Dui:  {"兑", "兌", "duì", "The Joyous", "泽", "澤", "lake", "☱", 2, "태", "택"},
	Gen:  {"艮", "艮", "gèn", "Keeping Still", "山", "山", "mountain", "☶", 7, "간", "산"},
	Li:   {"离", "離", "lí", "The Clinging", "火", "火", "fire", "☲", 3, "리", "화"},
	Xun:  {"巽", "巽", "xùn", "The Gentle", "风", "風", "wind", "☴", 5, "손", "풍"},
	Qian: {"乾", "乾", "qián", "The Creative", "天", "天", "heaven", "☰", 1, "건", "천"},
}

// Name is the trigram's name in lang.
func (t Trigram) Name(lang string) string {
	i := trigrams[t&7]
	switch lang {
	case "zh-Hans":
		return i.hans
	case "zh-Hant", "ja":
		return i.hant
	case "ko":
		return i.ko
	}
	return i.en
}

// Image is what the trigram stands for: 天, 泽, 火 … or heaven, lake, fire …
func (t Trigram) Image(lang string) string {
	i := trigrams[t&7]
	switch lang {
	case "zh-Hans":
		return i.image
	case "zh-Hant":
		return i.imageHant
	case "ja":
		if i.imageHant == "澤" {
			return "沢"
		}
		return i.imageHant
	case "ko":
		return i.imageKo
	}
	return i.imageEn
}

// Symbol is the trigram's Unicode character (☰ … ☷).
func (t Trigram) Symbol() string { return trigrams[t&7].symbol }

// Pinyin is the trigram's name in pinyin.
func (t Trigram) Pinyin() string { return trigrams[t&7].pinyin }

// trigramByXiantian is the trigram with the 先天 number n (1–8).
func trigramByXiantian(n int) Trigram {
	for t, i := range trigrams {
		if i.xiantian == n {
			return Trigram(t)
		}
	}
	panic("iching: no trigram numbered " + string(rune('0'+n)))
}

// trigramByName is the trigram named by one character, simplified or
// traditional; -1 when none is.
func trigramByName(s string) int {
	for t, i := range trigrams {
		if s == i.hans || s == i.hant {
			return t
		}
	}
	return -1
}
