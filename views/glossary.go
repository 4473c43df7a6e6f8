package views

import (
	"strconv"
	"strings"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/ziwei"
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
	// star, when set, is a Zi Wei star: its name comes from the engine
	// (every language), so key has only the ".desc" message.
	star ziwei.StarID
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
		{"analysis", termEntries("analysis", true, "geju", "cheng_ge", "po_ge", "jiu_ying", "yong", "xi", "ji", "chou", "xian",
			"fuyi", "tiaohou", "tongguan", "bingyao", "commander")},
		{"relation", append(termEntries("relation", true, "he", "chong", "liu_he", "san_he", "ban_he", "gong_he", "san_hui", "xing", "hai", "po"),
			termEntries("relation.sub", true, "sheng_wang", "mu_wang", "wu_en", "shi_shi", "wu_li", "zi_xing")...)},
		{"flow", termEntries("flow", true, flowTermKeys[:]...)},
		{"shensha", termEntries("shensha", true, stars...)},
		{"nayin", termEntries("nayin", true, nayin...)},
		{"zw", termEntries("zw", false, "ming_gong", "shen_gong", "origin_palace", "five_class", "soul_star", "body_star",
			"major_stars", "minor_stars", "adjective_stars", "brightness", "mutagen", "decadal", "age", "yearly",
			"san_fang_si_zheng", "borrowed", "changsheng12", "boshi12", "jiangqian12", "suiqian12")},
		{"zw_palace", termEntries("zw_palace", false, zwPalaceKeys[:]...)},
		{"zw_star", zwStarEntries()},
		{"zw_bright", termEntries("zw_bright", false, zwBrightKeys[1:]...)},
		{"zw_mutagen", termEntries("zw_mutagen", false, zwMutagenKeys[1:]...)},
		{"astro", termEntries("astro", false, "ascendant", "midheaven", "houses", "house_system", "placidus", "whole_sign", "equal",
			"aspects", "orb", "applying", "retrograde", "big_three")},
		{"astro_sign", termEntries("astro_sign", false, astroSignKeys()...)},
		{"astro_body", termEntries("astro_body", false, "sun", "moon", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto", "node")},
		{"astro_aspect", termEntries("astro_aspect", false, "conjunction", "sextile", "square", "trine", "opposition")},
		{"astro_house", termEntries("astro_house", false, "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")},
		{"iching", termEntries("iching", false, "primary", "resulting", "changing_line", "judgment", "image", "nuclear", "opposite", "reversed")},
		{"almanac", termEntries("almanac", false, "lunar", "yi", "ji", "officer", "clash", "deity", "huangdao", "heidao",
			"mansion", "pengzu", "directions", "hours", "score")},
		{"reverse", termEntries("reverse", true, "ganzhi", "wu_hu_dun", "wu_shu_dun", "zi_rule", "jie")},
		{"tarot", termEntries("tarot", false, "major_arcana", "minor_arcana", "reversed", "single", "three-card", "celtic-cross", "relationship")},
	}
}()

// zwStarEntries are the 14 major and 14 minor Zi Wei stars, in the
// engine's order.
func zwStarEntries() []glossaryEntry {
	var out []glossaryEntry
	for id := ziwei.StarID(1); int(id) < ziwei.NumStars; id++ {
		switch id.Kind() {
		case ziwei.KindMajor, ziwei.KindSoft, ziwei.KindTough, ziwei.KindLucun, ziwei.KindTianma:
			if id.Name() == "" || len([]rune(id.Name())) != 2 || !strings.HasSuffix(id.Key(), "Maj") && !strings.HasSuffix(id.Key(), "Min") {
				continue // the period stars (运禄 流羊 …) share the kinds
			}
			out = append(out, glossaryEntry{anchor: termAnchor("zw_star", id.Key()), key: "term.zw_star." + id.Key(), star: id})
		}
	}
	return out
}

// strengthBands are the strength labels from weakest to strongest, the
// bands of the strength gauge.
var strengthBands = [5]string{"very_weak", "weak", "balanced", "strong", "very_strong"}

// flagAnchor is the glossary anchor of a strength flag ("chart.flag.rooted"
// → "flag-rooted").
func flagAnchor(nameKey string) string {
	return "flag-" + strings.TrimPrefix(nameKey, "chart.flag.")
}
