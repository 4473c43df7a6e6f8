package views

import (
	"strconv"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
)

// glossaryHref is the address of a term's glossary entry.
func glossaryHref(family, key string) string { return "/glossary#" + termAnchor(family, key) }

// termAnchor is the id of a term's glossary entry: "tengod-direct_officer",
// "hidden-role-main" (a family's dots become dashes).
func termAnchor(family, key string) string {
	return strings.ReplaceAll(family, ".", "-") + "-" + key
}

// glossaryEntry is one term of the glossary: its anchor and the message
// key its name is read from (the explanation is key+".desc", the pinyin
// key+".pinyin" when hasPinyin is set, unless pinyin is given).
type glossaryEntry struct {
	anchor, key, pinyin string
	hasPinyin           bool
}

// glossaryFamily is one section of the glossary, titled by the message
// "glossary.family.<id>".
type glossaryFamily struct {
	id      string
	entries []glossaryEntry
}

// termEntries lists keys of a family of "term.<family>.<key>" messages.
func termEntries(family string, hasPinyin bool, keys ...string) []glossaryEntry {
	out := make([]glossaryEntry, len(keys))
	for i, k := range keys {
		out[i] = glossaryEntry{anchor: termAnchor(family, k), key: "term." + family + "." + k, hasPinyin: hasPinyin}
	}
	return out
}

// glossaryFamilies are the glossary's sections, in the order a chart
// shows them; the keys come from the engine where it has them. Built once:
// the glossary is the same for every reader but the language.
var glossaryFamilies = func() []glossaryFamily {
	tenGods := make([]glossaryEntry, 0, bazi.NumTenGods)
	for g := bazi.TenGod(0); g < bazi.NumTenGods; g++ {
		tenGods = append(tenGods, glossaryEntry{anchor: termAnchor("tengod", g.Key()), key: "term.tengod." + g.Key(), pinyin: g.Pinyin()})
	}
	stages := make([]string, bazi.NumLifeStages)
	for s := range stages {
		stages[s] = bazi.LifeStage(s).Key()
	}
	stars := make([]string, bazi.NumStars)
	for s := range stars {
		stars[s] = bazi.Star(s).Key()
	}
	nayin := make([]string, bazi.NumNaYin)
	for n := range nayin {
		nayin[n] = strconv.Itoa(n)
	}
	strength := termEntries("strength", false, strengthBands[:]...)
	for _, f := range strengthFlags(bazi.Strength{}) {
		strength = append(strength, glossaryEntry{anchor: flagAnchor(f.nameKey), key: f.nameKey})
	}
	return []glossaryFamily{
		{"basics", []glossaryEntry{
			{anchor: "daymaster", key: "term.daymaster", hasPinyin: true},
			{anchor: "kongwang", key: "term.kongwang", hasPinyin: true},
		}},
		{"tengod", tenGods},
		{"stage", termEntries("stage", true, stages...)},
		{"hidden", termEntries("hidden.role", true, "main", "middle", "residual")},
		{"season", termEntries("season", true, "wang", "xiang", "xiu", "qiu", "si")},
		{"strength", strength},
		{"palace", termEntries("palace", true, "tai_yuan", "tai_xi", "ming_gong", "shen_gong")},
		{"relation", append(termEntries("relation", true, "he", "chong", "liu_he", "san_he", "ban_he", "gong_he", "san_hui", "xing", "hai", "po"),
			termEntries("relation.sub", true, "sheng_wang", "mu_wang", "wu_en", "shi_shi", "wu_li", "zi_xing")...)},
		{"shensha", termEntries("shensha", true, stars...)},
		{"nayin", termEntries("nayin", true, nayin...)},
	}
}()

// strengthBands are the strength labels from weakest to strongest, the
// bands of the strength gauge.
var strengthBands = [5]string{"very_weak", "weak", "balanced", "strong", "very_strong"}

// flagAnchor is the glossary anchor of a strength flag ("chart.flag.rooted"
// → "flag-rooted").
func flagAnchor(nameKey string) string {
	return "flag-" + strings.TrimPrefix(nameKey, "chart.flag.")
}
