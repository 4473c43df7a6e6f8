// Package charset lists every character a share card can show: the texts
// the handlers put on cards (the share locale area, the app's name and the
// term names below), the engines' names (stems, branches, Zi Wei palaces
// and stars, hexagrams, Tarot cards and spreads) in every UI language,
// and printable Latin. The font subset is cut to this list
// (scripts/gen-font-subset.sh) and a test checks the embedded font covers it.
package charset

import (
	"slices"
	"strings"

	"github.com/bazi-master/bazi-master/iching"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/tarot"
	"github.com/bazi-master/bazi-master/ziwei"
)

// stemsBranches are the ten stems and twelve branches as the chart shows them.
const stemsBranches = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"

// extra is punctuation the handlers join card texts with.
const extra = "·→—–…×、，。：；！？（）「」『』《》〈〉【】“”‘’/　"

// termFamilies are the chart terms a card names (their Name only).
var termFamilies = []string{"element", "tengod", "pillar", "polarity", "zw_palace", "zw_star", "animal"}

// Runes returns every character cards can contain, sorted, without duplicates.
func Runes(cat *i18n.Catalog) []rune {
	var b strings.Builder
	for r := rune(0x20); r <= 0x7e; r++ {
		b.WriteRune(r)
	}
	for r := rune(0xc0); r <= 0xff; r++ { // accented Latin letters in names
		b.WriteRune(r)
	}
	b.WriteString(stemsBranches)
	b.WriteString(extra)
	for _, l := range i18n.Langs {
		for _, k := range cat.Keys() {
			if strings.HasPrefix(k, "share.") || k == "app.name" {
				b.WriteString(cat.T(l, k))
			}
		}
		terms := cat.Terms(l)
		for _, f := range termFamilies {
			terms.Each(func(family, _ string, tt *i18n.TermText) {
				if family == f {
					b.WriteString(tt.Name)
				}
			})
		}
	}
	for _, lang := range i18n.Langs {
		l := string(lang)
		for s := ziwei.StarID(1); int(s) < ziwei.NumStars; s++ {
			b.WriteString(s.NameIn(l))
		}
		for p := ziwei.PalaceSoul; p <= ziwei.PalaceParents; p++ {
			b.WriteString(p.NameIn(l))
		}
		for _, h := range iching.All64() {
			b.WriteString(h.Name.In(l))
		}
		for _, c := range tarot.Deck() {
			b.WriteString(c.Name.In(l))
		}
		for _, s := range tarot.Spreads() {
			b.WriteString(s.Name.In(l))
			for _, p := range s.Positions {
				b.WriteString(p.Name.In(l))
			}
		}
	}
	var rs []rune
	for _, r := range b.String() {
		if r >= 0x20 && r != 0x7f {
			rs = append(rs, r)
		}
	}
	slices.Sort(rs)
	return slices.Compact(rs)
}
