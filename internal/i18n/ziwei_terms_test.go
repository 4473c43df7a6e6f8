package i18n_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/ziwei"
)

// The Zi Wei glossary (ziwei.*.json) must explain every palace, major and
// minor star, brightness level and 四化 the engine can put on a board, and
// the concepts the page names. The engine's values are enumerated, so a
// value added to ziwei/ later fails here until it is explained.

// zwBrightKeys are the glossary keys of the brightness levels, by value.
var zwBrightKeys = map[ziwei.Brightness]string{
	ziwei.Miao: "miao", ziwei.Wang: "wang", ziwei.De: "de", ziwei.Li: "li",
	ziwei.Ping: "ping", ziwei.Bu: "bu", ziwei.Xian: "xian",
}

// zwMutagenKeys are the glossary keys of 禄 权 科 忌, by value.
var zwMutagenKeys = map[ziwei.Mutagen]string{ziwei.Lu: "lu", ziwei.Quan: "quan", ziwei.Ke: "ke", ziwei.Ji: "ji"}

// zwConcepts are the concept terms (term.zw.<key>) the Zi Wei page names.
var zwConcepts = []string{"ming_gong", "shen_gong", "origin_palace", "five_class", "soul_star", "body_star",
	"major_stars", "minor_stars", "adjective_stars", "brightness", "mutagen", "decadal", "age", "yearly",
	"san_fang_si_zheng", "changsheng12", "boshi12", "jiangqian12", "suiqian12", "borrowed"}

// zwStars returns the engine's major stars (by Kind) and minor stars (the
// "…Min" keys), and checks that boards hold exactly these in Major and
// Minor.
func zwStars(t *testing.T) (major, minor []ziwei.StarID) {
	t.Helper()
	isMajor, isMinor := map[ziwei.StarID]bool{}, map[ziwei.StarID]bool{}
	for s := ziwei.StarID(1); int(s) < ziwei.NumStars; s++ {
		switch {
		case s.Kind() == ziwei.KindMajor:
			major = append(major, s)
			isMajor[s] = true
		case strings.HasSuffix(s.Key(), "Min"):
			minor = append(minor, s)
			isMinor[s] = true
		}
	}
	if len(major) != 14 || len(minor) != 14 {
		t.Fatalf("found %d major and %d minor stars, want 14 and 14", len(major), len(minor))
	}
	for m := 1; m <= 12; m++ {
		for h := 0; h < 24; h += 2 {
			b, err := ziwei.Compute(ziwei.Birth{Year: 1990 + m, Month: m, Day: 1 + 2*m, Hour: h, Gender: bazi.Male}, ziwei.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range b.Palaces {
				for _, s := range p.Major {
					if !isMajor[s.ID] {
						t.Errorf("board holds major star %s (%s) the enumeration missed", s.ID, s.ID.Key())
					}
				}
				for _, s := range p.Minor {
					if !isMinor[s.ID] {
						t.Errorf("board holds minor star %s (%s) the enumeration missed", s.ID, s.ID.Key())
					}
				}
			}
		}
	}
	return major, minor
}

func TestZiweiTermKeys(t *testing.T) {
	c := catalog(t)
	need := keySet{}
	for n := ziwei.PalaceSoul; n <= ziwei.PalaceParents; n++ {
		k := n.NameIn("en")
		need.add("term.zw_palace."+k, "PalaceName "+n.String())
		need.add("term.zw_palace."+k+".desc", "PalaceName "+n.String())
	}
	if ziwei.PalaceName(ziwei.PalaceParents+1).NameIn("en") != "" {
		t.Error("the engine has a thirteenth palace")
	}
	major, minor := zwStars(t)
	for _, s := range append(major, minor...) {
		need.add("term.zw_star."+s.Key()+".desc", "StarID "+s.Name())
	}
	for b := ziwei.Brightness(1); b.NameIn("en") != ""; b++ {
		k, ok := zwBrightKeys[b]
		if !ok {
			t.Fatalf("brightness %s has no glossary key", b)
		}
		need.add("term.zw_bright."+k, "Brightness "+b.String())
		need.add("term.zw_bright."+k+".desc", "Brightness "+b.String())
	}
	for m := ziwei.Mutagen(1); m.NameIn("en") != ""; m++ {
		k, ok := zwMutagenKeys[m]
		if !ok {
			t.Fatalf("mutagen %s has no glossary key", m)
		}
		need.add("term.zw_mutagen."+k, "Mutagen "+m.String())
		need.add("term.zw_mutagen."+k+".desc", "Mutagen "+m.String())
	}
	for _, k := range zwConcepts {
		need.add("term.zw."+k, "concept")
		need.add("term.zw."+k+".desc", "concept")
	}
	need.check(t, c)
}

// The Chinese names are the engine's, so the glossary and the board agree.
func TestZiweiTermNamesMatchEngine(t *testing.T) {
	c := catalog(t)
	for _, l := range []i18n.Lang{i18n.SimplifiedChinese, i18n.TraditionalChinese} {
		same := func(key, want string) {
			t.Helper()
			if got := c.T(l, key); got != want {
				t.Errorf("%s %s = %q, engine says %q", l, key, got, want)
			}
		}
		for n := ziwei.PalaceSoul; n <= ziwei.PalaceParents; n++ {
			same("term.zw_palace."+n.NameIn("en"), n.NameIn(string(l)))
		}
		for b, k := range zwBrightKeys {
			same("term.zw_bright."+k, b.NameIn(string(l)))
		}
		for m, k := range zwMutagenKeys {
			same("term.zw_mutagen."+k, "化"+m.NameIn(string(l)))
		}
	}
}

// zwSimplifiedOnly are common characters Traditional text never uses.
const zwSimplifiedOnly = "发财运与关系岁体这时会们为国过对说来个没让进还么学应实现样经动开间问题长从当几给头见书气杀伤强阴阳盘贵产业钱轻养乐于后师处带变专认识选择压觉导总际宫庙权禄军贞机门辅钺罗铃马鸾迁仆虚劳"

// Explanations are short, and the Traditional ones are Traditional.
func TestZiweiTermTexts(t *testing.T) {
	c := catalog(t)
	n := 0
	for _, k := range c.Keys() {
		if !strings.HasPrefix(k, "term.zw") {
			continue
		}
		n++
		for _, l := range i18n.Langs {
			v := c.T(l, k)
			// Korean spaces its words and spells Sino-Korean terms in
			// syllables, so the same explanation runs about half as long
			// again as the Chinese or Japanese.
			limit := map[i18n.Lang]int{i18n.English: 200, i18n.Korean: 130}[l]
			if limit == 0 {
				limit = 80
			}
			if strings.HasSuffix(k, ".desc") && utf8.RuneCountInString(v) > limit {
				t.Errorf("%s %s: %d runes, want ≤ %d", l, k, utf8.RuneCountInString(v), limit)
			}
			if l == i18n.TraditionalChinese {
				for _, r := range v {
					if strings.ContainsRune(zwSimplifiedOnly, r) {
						t.Errorf("%s %s: simplified %q in %q", l, k, r, v)
						break
					}
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d Zi Wei glossary keys", n)
	}
}
