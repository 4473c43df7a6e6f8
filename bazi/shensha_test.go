package bazi

import (
	"encoding/json"
	"slices"
	"testing"
)

func starOn(a Analysis, key, pillar string) bool {
	for _, s := range a.ShenSha {
		if s.Key() == key && (pillar == "" || s.Pillar() == pillar) {
			return true
		}
	}
	return false
}

// base chart: 丁卯 丙寅 甲午 庚午 (day master 甲, month 寅, year 卯, day 午).
var baseChart = [4]string{"丁卯", "丙寅", "甲午", "庚午"}

func TestShenSha(t *testing.T) {
	cases := []struct {
		key    string
		chart  [4]string
		pillar string // "" = anywhere
		want   bool
	}{
		// day stem 甲 → 丑/未 (year stem 丙 → 亥/酉)
		{"tian_yi_gui_ren", [4]string{"丙寅", "辛丑", "甲子", "甲子"}, "month", true},
		{"tian_yi_gui_ren", [4]string{"丙寅", "庚寅", "甲子", "甲子"}, "", false},
		{"tian_yi_gui_ren", [4]string{"丙寅", "庚寅", "甲子", "丁酉"}, "hour", true}, // by the year stem
		{"tai_ji_gui_ren", [4]string{"丙寅", "庚寅", "甲子", "丙寅"}, "day", true},
		{"tai_ji_gui_ren", [4]string{"丙寅", "庚寅", "甲寅", "丙寅"}, "", false},
		{"wen_chang", [4]string{"丙寅", "己巳", "甲子", "甲子"}, "month", true},
		{"wen_chang", [4]string{"丙寅", "庚午", "甲子", "甲子"}, "", false},
		{"guo_yin_gui_ren", [4]string{"丙寅", "戊戌", "甲子", "甲子"}, "month", true},
		{"guo_yin_gui_ren", [4]string{"丙寅", "己亥", "甲子", "甲子"}, "", false},
		{"fu_xing_gui_ren", [4]string{"丁卯", "丙寅", "甲午", "庚午"}, "month", true},
		{"fu_xing_gui_ren", [4]string{"丁卯", "丁卯", "甲午", "庚午"}, "", false},
		{"lu_shen", baseChart, "month", true},
		{"lu_shen", [4]string{"丁卯", "丁卯", "甲午", "庚午"}, "", false},
		{"yang_ren", baseChart, "year", true},
		{"yang_ren", [4]string{"丁巳", "丙寅", "甲午", "庚午"}, "", false},
		{"jin_yu", [4]string{"丙辰", "丙寅", "甲午", "庚午"}, "year", true},
		{"jin_yu", baseChart, "", false},
		{"xue_tang", [4]string{"乙亥", "丙寅", "甲午", "庚午"}, "year", true},
		{"xue_tang", baseChart, "", false},
		{"hong_yan", baseChart, "hour", true},
		{"hong_yan", [4]string{"丁卯", "丙寅", "甲子", "丙寅"}, "", false},
		// month 寅 → 天德 丁, 天德合 壬, 月德 丙, 月德合 辛, 天医 丑
		{"tian_de", baseChart, "year", true},
		{"tian_de", [4]string{"戊辰", "丙寅", "甲午", "庚午"}, "", false},
		{"tian_de", [4]string{"丙申", "辛卯", "甲午", "庚午"}, "year", true}, // month 卯 → branch 申
		{"tian_de_he", [4]string{"壬申", "丙寅", "甲午", "庚午"}, "year", true},
		{"tian_de_he", [4]string{"戊辰", "丙寅", "甲午", "庚午"}, "", false},
		{"yue_de", baseChart, "month", true},
		{"yue_de", [4]string{"丁卯", "戊寅", "甲午", "庚午"}, "", false},
		{"yue_de_he", [4]string{"辛未", "丙寅", "甲午", "庚午"}, "year", true},
		{"yue_de_he", baseChart, "", false},
		{"tian_yi", [4]string{"乙丑", "戊寅", "甲午", "庚午"}, "year", true},
		{"tian_yi", [4]string{"丁卯", "戊寅", "甲午", "庚午"}, "", false},
		// day branch 午 (寅午戌), year branch 卯 (亥卯未)
		{"yi_ma", [4]string{"丁卯", "丙寅", "甲午", "壬申"}, "hour", true},
		{"yi_ma", baseChart, "", false},
		{"tao_hua", baseChart, "year", true},
		{"tao_hua", [4]string{"丙寅", "丙寅", "甲午", "庚午"}, "", false},
		{"hua_gai", [4]string{"丁卯", "丙寅", "甲午", "甲戌"}, "hour", true},
		{"hua_gai", baseChart, "", false},
		{"jiang_xing", baseChart, "hour", true},
		{"jiang_xing", [4]string{"丁卯", "丙寅", "甲午", "丙寅"}, "", false}, // never on the basis pillar itself
		{"jie_sha", [4]string{"丁卯", "丁亥", "甲午", "庚午"}, "month", true},
		{"jie_sha", baseChart, "", false},
		{"zai_sha", [4]string{"丁卯", "丙子", "甲午", "庚午"}, "month", true},
		{"zai_sha", baseChart, "", false},
		{"wang_shen", baseChart, "month", true}, // year 卯 → 寅
		{"wang_shen", [4]string{"丁卯", "丙午", "甲午", "庚午"}, "", false},
		// year branch 卯 (spring): 孤辰 巳, 寡宿 丑, 红鸾 子, 天喜 午
		{"gu_chen", [4]string{"丁卯", "丙寅", "甲午", "己巳"}, "hour", true},
		{"gu_chen", baseChart, "", false},
		{"gua_su", [4]string{"丁卯", "丙寅", "甲午", "乙丑"}, "hour", true},
		{"gua_su", baseChart, "", false},
		{"hong_luan", [4]string{"丁卯", "丙子", "甲午", "庚午"}, "month", true},
		{"hong_luan", baseChart, "", false},
		{"tian_xi", baseChart, "day", true},
		{"tian_xi", [4]string{"丁卯", "丙寅", "甲子", "丙寅"}, "", false},
		// day pillars
		{"kui_gang", [4]string{"丁卯", "丙寅", "庚辰", "庚午"}, "day", true},
		{"kui_gang", [4]string{"庚辰", "丙寅", "甲午", "庚辰"}, "", false}, // only the day pillar counts
		{"yin_cha_yang_cuo", [4]string{"丁卯", "丙寅", "丙子", "庚午"}, "day", true},
		{"yin_cha_yang_cuo", baseChart, "", false},
		{"shi_e_da_bai", [4]string{"丁卯", "丙寅", "甲辰", "庚午"}, "day", true},
		{"shi_e_da_bai", baseChart, "", false},
		{"gu_luan", [4]string{"丁卯", "丙寅", "甲寅", "庚午"}, "day", true},
		{"gu_luan", baseChart, "", false},
		{"tian_she", [4]string{"丁卯", "丙寅", "戊寅", "庚午"}, "day", true},
		{"tian_she", [4]string{"丁卯", "丙寅", "甲子", "庚午"}, "", false}, // 甲子 is winter's
		{"jin_shen", [4]string{"丁卯", "丙寅", "甲午", "乙丑"}, "hour", true},
		{"jin_shen", [4]string{"丁卯", "丙寅", "己巳", "庚午"}, "day", true},
		{"jin_shen", [4]string{"乙丑", "丙寅", "甲午", "庚午"}, "", false}, // not on the year
		{"tian_luo", [4]string{"甲戌", "丁亥", "甲午", "庚午"}, "month", true},
		{"tian_luo", [4]string{"甲戌", "丙寅", "甲午", "庚午"}, "", false},
		{"di_wang", [4]string{"丙辰", "己巳", "甲午", "庚午"}, "year", true},
		{"di_wang", baseChart, "", false},
	}
	covered := map[string][2]bool{}
	for _, c := range cases {
		a := Analyze(pillarsOf(t, c.chart[0], c.chart[1], c.chart[2], c.chart[3]))
		if got := starOn(a, c.key, c.pillar); got != c.want {
			t.Errorf("%s on %q of %v = %v, want %v (stars %v)", c.key, c.pillar, c.chart, got, c.want, a.ShenSha)
		}
		cv := covered[c.key]
		if c.want {
			cv[0] = true
		} else {
			cv[1] = true
		}
		covered[c.key] = cv
	}
	for s := Star(0); s < NumStars; s++ {
		if cv := covered[s.Key()]; !cv[0] || !cv[1] {
			t.Errorf("star %s (%s) lacks a positive or negative case", s.Key(), s)
		}
	}
	if NumStars < 20 {
		t.Errorf("only %d stars", NumStars)
	}
}

func TestShenShaFields(t *testing.T) {
	a := Analyze(pillarsOf(t, "丙寅", "辛丑", "甲子", "乙丑"))
	var s ShenSha
	for _, x := range a.ShenSha {
		if x.Key() == "tian_yi_gui_ren" && x.Pillar() == "month" {
			s = x
		}
	}
	if s.Name() != "天乙贵人" || s.Rule() != "day stem 甲 → 丑/未" || s.Basis() != "day_stem" || s.On() != "branch" || s.Nature() != "auspicious" {
		t.Errorf("tian yi: %s %q %s %s", s.Name(), s.Rule(), s.Basis(), s.On())
	}
	// 金神 on the hour names the hour pillar as its basis.
	for _, x := range a.ShenSha {
		if x.Key() == "jin_shen" && (x.Pillar() != "hour" || x.Basis() != "hour_pillar" || x.Rule() != "pillar 乙丑 ∈ {乙丑,己巳,癸酉}") {
			t.Errorf("jin shen: %s %s %q", x.Pillar(), x.Basis(), x.Rule())
		}
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"key":"tian_yi_gui_ren","name":"天乙贵人","english":"Heavenly Noble","nature":"auspicious","pillar":"month","on":"branch","basis":"day_stem","rule":"day stem 甲 → 丑/未"}`
	if string(b) != want {
		t.Errorf("JSON %s", b)
	}
	b, _ = json.Marshal(a.ShenSha)
	var back []ShenSha
	if err := json.Unmarshal(b, &back); err != nil || !slices.Equal(back, a.ShenSha) {
		t.Errorf("round trip %v %v", err, back)
	}
	// Every rule text is present.
	for si := range stars {
		for _, bk := range stars[si].bases {
			for _, r := range starRules[si][bk] {
				if r == "" {
					t.Fatalf("empty rule for %s", stars[si].key)
				}
			}
		}
	}
}
