package views

import (
	"context"
	"io"

	"github.com/bazi-master/bazi-master/bazi"
)

// A 大运's, a 流年's, a day's or an hour's interactions with the chart are
// small chips: the characters and the relation's name in the page's
// language, opening on tap to the rule as taught, the pillar it meets and
// a link to the glossary. The chips of the 流年 rows are written by the
// luck timeline's Go components (fastrender_luck.go) and held
// byte-identical to interactionChipTempl (chart_grid_ref.templ).

// chipData is what one chip shows, every text unescaped.
type chipData struct {
	kind    string // data-kind: the interaction's key (chong, fu_yin, shensha …)
	chars   string // 子午, 甲子 (the pair), 酉 (a 神煞's branch)
	label   string // the kind in the page's language
	name    string // the term the pop explains
	rule    string // the rule as taught, in Chinese
	partner string // "with the natal day pillar" …
	desc    string // the term's explanation (岁运并临, 伏吟, 反吟, 夫妻宫 only)
	href    string // its glossary entry
	link    string // the glossary link's text
}

// flowTermKeys are the interaction kinds explained in the glossary's 岁运
// section ("term.flow.<key>").
var flowTermKeys = [...]string{"sui_yun_bing_lin", "fu_yin", "fan_yin", "spouse_palace"}

// interactionChip is the chip of a 大运's or 流年's interaction.
func interactionChip(p Page, in *bazi.Interaction) chipData {
	c := chipData{kind: in.Key(), chars: in.Chars(), rule: in.Rule(), link: p.T("glossary.link")}
	partner := in.Partner()
	c.partner = p.T(partnerKeys[partner][0])
	family, key := "relation", ""
	switch in.Kind {
	case bazi.IntSuiYunBingLin, bazi.IntFuYin, bazi.IntFanYin:
		family, key = "flow", in.Key()
	case bazi.IntSpousePalaceChong:
		family, key = "flow", "spouse_palace"
	case bazi.IntShenSha:
		s, _ := in.Star()
		family, key = "shensha", s.Key()
		c.partner = p.T(partnerKeys[partner][1])
	default:
		r, _ := in.Relation()
		key = r.Type()
	}
	c.name = termName(p, family, key)
	c.label = c.name
	if family == "flow" {
		c.desc = termDesc(p, family, key)
	}
	if in.Kind == bazi.IntSpousePalaceChong {
		c.label = p.T("luckrel.chip.spouse_palace_chong")
	}
	c.href = chipHref(family, key)
	return c
}

// partnerKeys[partner] are the messages "with the natal … pillar" and
// "counted from the natal … pillar", built once rather than per chip.
var partnerKeys = func() map[string][2]string {
	m := map[string][2]string{}
	for _, k := range []string{"luck", "year", "month", "day", "hour"} {
		m[k] = [2]string{"luckrel.with." + k, "luckrel.from." + k}
	}
	return m
}()

// chipHrefs are the glossary links of the chips' terms, built once.
var chipHrefs = func() map[[2]string]string {
	m := map[[2]string]string{}
	add := func(family string, keys ...string) {
		for _, k := range keys {
			m[[2]string{family, k}] = string(localHref(glossaryHref(family, k)))
		}
	}
	add("relation", "he", "chong", "liu_he", "san_he", "ban_he", "gong_he", "san_hui", "xing", "hai", "po")
	add("flow", flowTermKeys[:]...)
	for s := bazi.Star(0); s < bazi.NumStars; s++ {
		add("shensha", s.Key())
	}
	return m
}()

// chipHref is the glossary link of term key of family.
func chipHref(family, key string) string {
	if h, ok := chipHrefs[[2]string{family, key}]; ok {
		return h
	}
	return string(localHref(glossaryHref(family, key)))
}

// factorChip is the chip of a relation factor of a day or an hour
// (bazi.DayReading); the day branch's 冲 is the spouse palace's.
func factorChip(p Page, f *bazi.DayFactor) chipData {
	r := f.Relation
	partner := bazi.PillarKey(f.Pillar)
	c := chipData{kind: r.Type(), chars: r.TaughtChars(), rule: r.TaughtRule(), partner: p.T(partnerKeys[partner][0]), link: p.T("glossary.link")}
	if r.IsStem() {
		c.kind = "stem_" + r.Type()
	}
	c.name = termName(p, "relation", r.Type())
	c.label = c.name
	c.href = chipHref("relation", r.Type())
	if f.Kind == bazi.FactorBranch && r.Type() == "chong" && f.Pillar == bazi.PosDay {
		c.kind, c.label = "spouse_palace_chong", p.T("luckrel.chip.spouse_palace_chong")
		c.name, c.desc = termName(p, "flow", "spouse_palace"), termDesc(p, "flow", "spouse_palace")
		c.href = chipHref("flow", "spouse_palace")
	}
	return c
}

// chip writes one chip as interactionChipTempl does.
func (h *htmlWriter) chip(c *chipData) {
	h.raw(`<li><details class="term" name="term" data-testid="interaction" data-kind="`)
	h.text(c.kind)
	h.raw(`"><summary class="whitespace-nowrap"><span lang="zh-Hans" class="font-serif">`)
	h.text(c.chars)
	h.raw(`</span> `)
	h.text(c.label)
	h.raw(`</summary><span class="term-pop"><b>`)
	h.text(c.name)
	h.raw(`</b> <span lang="zh-Hans" class="font-serif">`)
	h.text(c.rule)
	h.raw(`</span> · `)
	h.text(c.partner)
	if c.desc != "" {
		h.raw(` `)
		h.text(c.desc)
	}
	h.raw(` <a href="`)
	h.text(c.href)
	h.raw(`" class="link">`)
	h.text(c.link)
	h.raw(`</a></span></details></li>`)
}

// chipListClass is the list of chips: wrapping, so a phone never scrolls sideways.
const chipListClass = `flex flex-wrap gap-x-2 gap-y-1 text-xs`

// chipList writes chips as a list, as chipListTempl does.
func (h *htmlWriter) chipList(chips []chipData) {
	h.raw(`<ul class="` + chipListClass + `" data-testid="interactions">`)
	for i := range chips {
		h.chip(&chips[i])
	}
	h.raw(`</ul>`)
}

// chipsOf is the chips of a 大运's or 流年's interactions.
func chipsOf(p Page, list []bazi.Interaction) []chipData {
	out := make([]chipData, len(list))
	for i := range list {
		out[i] = interactionChip(p, &list[i])
	}
	return out
}

// factorChipsOf is the chips of the relation factors of a day or an hour.
func factorChipsOf(p Page, fs []bazi.DayFactor) []chipData {
	out := make([]chipData, 0, len(fs))
	for i := range fs {
		if fs[i].Kind == bazi.FactorStem || fs[i].Kind == bazi.FactorBranch {
			out = append(out, factorChip(p, &fs[i]))
		}
	}
	return out
}

// chips is a list of chips as a component, for the templ views: @chips{list}.
type chips []chipData

func (c chips) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	h.chipList(c)
	return h.done()
}

// luckChips is the chips of a 大运's interactions with the natal pillars.
func luckChips(p Page, lp *bazi.LuckPillar) chips {
	var buf [bazi.MaxInteractions]bazi.Interaction
	return chipsOf(p, lp.Interactions(buf[:0]))
}

// spaced is s after a space, or "" for "".
func spaced(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}
