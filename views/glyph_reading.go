package views

import (
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// glyphKeys maps a stem's or branch's character to its message key
// ("term.stem.jia", "term.branch.zi"): its pinyin without the tone.
var glyphKeys = func() map[string][2]string {
	untone := strings.NewReplacer("ǎ", "a", "ā", "a", "á", "a", "à", "a", "ǐ", "i", "ī", "i", "í", "i", "ì", "i",
		"ǒ", "o", "ō", "o", "ó", "o", "ò", "o", "ǔ", "u", "ū", "u", "ú", "u", "ù", "u", "ē", "e", "é", "e", "ě", "e", "è", "e")
	m := map[string][2]string{}
	for s := bazi.Stem(0); s < bazi.NumStems; s++ {
		m[s.String()] = [2]string{"stem", untone.Replace(s.Pinyin())}
	}
	for b := bazi.Branch(0); b < bazi.NumBranches; b++ {
		m[b.String()] = [2]string{"branch", untone.Replace(b.Pinyin())}
	}
	return m
}()

// glyphReading is how a reader of p's language reads a stem or branch
// character: pinyin in English, the kun reading in Japanese (きのえ), the
// Hangul in Korean (갑); "" in Chinese, which needs none.
func glyphReading(p Page, char string) string {
	if p.Lang.Hanzi() {
		return ""
	}
	k, ok := glyphKeys[char]
	if !ok {
		return ""
	}
	if p.Terms != nil {
		return p.Terms.Name(k[0], k[1])
	}
	return p.T("term." + k[0] + "." + k[1])
}

// ganZhiHangul is a 干支 in Hangul (갑자) on a Korean page, which prints
// the Hanja with the Hangul beside them; "" in other languages.
func ganZhiHangul(p Page, g bazi.GanZhi) string {
	if p.Lang != i18n.Korean {
		return ""
	}
	return glyphReading(p, g.Stem().String()) + glyphReading(p, g.Branch().String())
}

// hangulOf is a run of stem and branch characters (空亡's 辰巳) read in
// Hangul (진사).
func hangulOf(p Page, chars string) string {
	var b strings.Builder
	for _, r := range chars {
		b.WriteString(glyphReading(p, string(r)))
	}
	return b.String()
}
