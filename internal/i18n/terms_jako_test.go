package i18n_test

import (
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
)

// The Japanese and Korean term tables (terms.ja.json, terms.ko.json and
// the chart's row labels in chart.*.json) use each tradition's own words,
// not a rendering of the Chinese UI. Reviewed against:
//
//   - Japanese 四柱推命: the 通変星 list (比肩 劫財 食神 傷官 偏財 正財 偏官
//     正官 偏印 印綬), 日干, 蔵干, 十二運 and 大運 as the Japanese
//     manuals print them, e.g. the glossary entry 天干星（通変星） of
//     x-memory.jp (占い用語集) and the 四柱推命講座 of uranai1.naboo.co.jp
//     (日干, 大運, 歳運); 空亡 with its Japanese alias 天中殺.
//   - Korean 사주명리: 십성 (비견 겁재 식신 상관 편재 정재 편관 정관 편인
//     정인) as listed in 김현희, 「사주십성과 기질」, 옥천향수신문 2019-01-31,
//     and the 12운성 (장생 목욕 관대 건록 제왕 쇠 병 사 묘 절 태 양) as in
//     「십이운성의 특성과 십간별 성분 분석」 (hanarum.tistory.com); 지장간,
//     대운, 세운, 공망 and 용신 as Korean textbooks name them.
//
// A change to these words should be checked against such a source first.
var traditionTerms = map[i18n.Lang]map[string]string{
	i18n.Japanese: {
		"term.tengod.friend":            "比肩",
		"term.tengod.rob_wealth":        "劫財",
		"term.tengod.eating_god":        "食神",
		"term.tengod.hurting_officer":   "傷官",
		"term.tengod.indirect_wealth":   "偏財",
		"term.tengod.direct_wealth":     "正財",
		"term.tengod.seven_killings":    "偏官",
		"term.tengod.direct_officer":    "正官",
		"term.tengod.indirect_resource": "偏印",
		"term.tengod.direct_resource":   "印綬",
		"term.daymaster":                "日干",
		"chart.row.ten_god":             "通変星",
		"chart.row.hidden":              "蔵干",
		"chart.row.stage":               "十二運",
		"chart.luck.title":              "大運",
		"term.kongwang":                 "空亡",
		"chart.favourable":              "喜神",
		"chart.unfavourable":            "忌神",
		"term.stage.chang_sheng":        "長生",
		"term.stage.guan_dai":           "冠帯",
		"term.stage.lin_guan":           "建禄",
		"term.stage.di_wang":            "帝旺",
		"term.stage.jue":                "絶",
		"term.stage.yang":               "養",
	},
	i18n.Korean: {
		"term.tengod.friend":            "비견",
		"term.tengod.rob_wealth":        "겁재",
		"term.tengod.eating_god":        "식신",
		"term.tengod.hurting_officer":   "상관",
		"term.tengod.indirect_wealth":   "편재",
		"term.tengod.direct_wealth":     "정재",
		"term.tengod.seven_killings":    "편관",
		"term.tengod.direct_officer":    "정관",
		"term.tengod.indirect_resource": "편인",
		"term.tengod.direct_resource":   "정인",
		"term.daymaster":                "일간",
		"chart.row.ten_god":             "십성",
		"chart.row.stem":                "천간",
		"chart.row.branch":              "지지",
		"chart.row.hidden":              "지장간",
		"chart.row.stage":               "12운성",
		"chart.luck.title":              "대운",
		"term.kongwang":                 "공망",
		"analysis.useful_label":         "용신",
		"term.stage.chang_sheng":        "장생",
		"term.stage.mu_yu":              "목욕",
		"term.stage.guan_dai":           "관대",
		"term.stage.lin_guan":           "건록",
		"term.stage.di_wang":            "제왕",
		"term.stage.yang":               "양",
		"term.stem.jia":                 "갑",
		"term.branch.hai":               "해",
	},
}

func TestJapaneseAndKoreanTermsAreTheTraditionsOwn(t *testing.T) {
	c := catalog(t)
	for lang, terms := range traditionTerms {
		for key, want := range terms {
			if got := c.T(lang, key); got != want {
				t.Errorf("%s %s = %q, want %q", lang, key, got, want)
			}
		}
	}
	// 空亡 is introduced with its Japanese name 天中殺; 세운 names the
	// annual luck on the Korean chart.
	if got := c.T(i18n.Japanese, "term.kongwang.desc"); !strings.Contains(got, "天中殺") {
		t.Errorf("ja 空亡 explanation %q does not give 天中殺", got)
	}
	if got := c.T(i18n.Korean, "chart.luck.years_of", "甲子", 2020, 2029); !strings.Contains(got, "세운") {
		t.Errorf("ko annual luck heading %q does not say 세운", got)
	}
}

// No Japanese or Korean text is left in English: a value equal to the
// English one must be a name or code that reads the same in every
// language (BaZi Master, UTC, MC …), which the allow list names.
func TestJapaneseAndKoreanAreTranslated(t *testing.T) {
	c := catalog(t)
	same := map[string]int{}
	for _, k := range c.Keys() {
		en := c.T(i18n.English, k)
		for _, l := range []i18n.Lang{i18n.Japanese, i18n.Korean} {
			if v := c.T(l, k); v == en && hasLatinWord(en) && !isPinyinKey(k) {
				same[string(l)+" "+k]++
			}
		}
	}
	// Names, codes and sample inputs that are the same in every language.
	const allowed = 15
	t.Logf("%d texts read the same in English", len(same))
	if len(same) > allowed {
		for k := range same {
			t.Log(k)
		}
		t.Errorf("%d Japanese or Korean texts are the English ones, want ≤ %d", len(same), allowed)
	}
}

func hasLatinWord(s string) bool {
	n := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			n++
			if n >= 4 {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}

func isPinyinKey(k string) bool { return strings.HasSuffix(k, ".pinyin") }

// A Korean term's Hanja is the traditional catalog's name; other
// languages have none.
func TestKoreanTermsKnowTheirHanja(t *testing.T) {
	c := catalog(t)
	if got := c.Terms(i18n.Korean).Hanja("tengod", "rob_wealth"); got != "劫財" {
		t.Errorf("겁재's Hanja %q, want 劫財", got)
	}
	if got := c.Terms(i18n.Japanese).Hanja("tengod", "rob_wealth"); got != "" {
		t.Errorf("a Japanese term has Hanja %q", got)
	}
}
