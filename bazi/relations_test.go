package bazi

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// relString renders a relation as "type[/subtype] member,member chars [element]".
func relString(r Relation) string {
	s := r.Type()
	if r.Subtype() != "" {
		s += "/" + r.Subtype()
	}
	s += " " + strings.Join(r.Members(), ",") + " " + r.Chars()
	if e, ok := r.Element(); ok {
		s += " " + e.Key()
	}
	return s
}

func relStrings(a Analysis) (stems, branches []string) {
	for _, r := range a.Relations.Stems {
		stems = append(stems, relString(r))
	}
	for _, r := range a.Relations.Branches {
		branches = append(branches, relString(r))
	}
	return
}

func TestRelations(t *testing.T) {
	cases := []struct {
		chart         [4]string
		stems, branch []string // must be present
		notBranch     []string // must be absent
		exactStems    bool
	}{
		{
			chart:      [4]string{"甲子", "丙寅", "己丑", "庚午"},
			stems:      []string{"he year,day 甲己 earth", "chong year,hour 甲庚"},
			branch:     []string{"liu_he year,day 子丑 earth", "chong year,hour 子午", "ban_he/sheng_wang month,hour 寅午 fire", "hai day,hour 丑午"},
			exactStems: true,
		},
		{ // 申子辰 三合: the halves are not listed separately
			chart:     [4]string{"壬申", "甲子", "丙辰", "戊子"},
			stems:     []string{"chong year,day 壬丙"},
			branch:    []string{"san_he year,month,day,hour 申子辰 water"},
			notBranch: []string{"ban_he/sheng_wang year,month 申子 water", "ban_he/mu_wang month,day 子辰 water", "gong_he year,day 申辰 water"},
		},
		{ // 寅巳申 三刑 (无恩之刑) as a group, plus the pair relations that are not 刑
			chart:     [4]string{"甲寅", "己巳", "壬申", "丁未"},
			stems:     []string{"he year,month 甲己 earth", "he day,hour 壬丁 wood"},
			branch:    []string{"xing/wu_en year,month,day 寅巳申", "hai year,month 寅巳", "chong year,day 寅申", "liu_he month,day 巳申 water", "po month,day 巳申"},
			notBranch: []string{"xing/wu_en year,month 寅巳", "xing/wu_en month,day 巳申"},
		},
		{ // 寅巳 alone: a pairwise 无恩之刑
			chart:  [4]string{"甲寅", "己巳", "甲子", "甲子"},
			branch: []string{"xing/wu_en year,month 寅巳", "hai year,month 寅巳"},
		},
		{ // 子卯 无礼之刑, 午午 自刑, 子午 冲, 卯午 破
			chart:  [4]string{"甲子", "丁卯", "庚午", "壬午"},
			stems:  []string{"chong year,day 甲庚", "he month,hour 丁壬 wood"},
			branch: []string{"xing/wu_li year,month 子卯", "xing/zi_xing day,hour 午午", "chong year,day 子午", "chong year,hour 子午", "po month,day 卯午", "po month,hour 卯午"},
		},
		{ // 寅卯辰 三会
			chart:  [4]string{"丙寅", "辛卯", "戊辰", "丙辰"},
			stems:  []string{"he year,month 丙辛 water", "he month,hour 辛丙 water"},
			branch: []string{"san_hui year,month,day,hour 寅卯辰 wood", "hai month,day 卯辰", "hai month,hour 卯辰", "xing/zi_xing day,hour 辰辰"},
		},
		{ // 丑戌未 恃势之刑, 丑未 冲
			chart:     [4]string{"乙丑", "丙戌", "丁未", "戊申"},
			branch:    []string{"xing/shi_shi year,month,day 丑戌未", "chong year,day 丑未", "po month,day 戌未"},
			notBranch: []string{"xing/shi_shi year,month 丑戌"},
		},
		{ // 申辰 拱合 (no 子), 辰酉 六合
			chart:     [4]string{"壬申", "庚辰", "丁酉", "丙午"},
			stems:     []string{"he year,day 壬丁 wood", "chong year,hour 壬丙"},
			branch:    []string{"gong_he year,month 申辰 water", "liu_he month,day 辰酉 metal"},
			notBranch: []string{"san_he year,month 申子辰 water"},
		},
		{ // 子酉 破, 子子 is no 自刑
			chart:     [4]string{"甲子", "癸酉", "甲子", "丙子"},
			branch:    []string{"po year,month 子酉", "po month,day 酉子", "po month,hour 酉子"},
			notBranch: []string{"xing/zi_xing year,day 子子"},
		},
	}
	for _, c := range cases {
		a := Analyze(pillarsOf(t, c.chart[0], c.chart[1], c.chart[2], c.chart[3]))
		st, br := relStrings(a)
		for _, w := range c.stems {
			if !slices.Contains(st, w) {
				t.Errorf("%v: missing stem relation %q in %q", c.chart, w, st)
			}
		}
		if c.exactStems && len(st) != len(c.stems) {
			t.Errorf("%v: stem relations %q", c.chart, st)
		}
		for _, w := range c.branch {
			if !slices.Contains(br, w) {
				t.Errorf("%v: missing branch relation %q in %q", c.chart, w, br)
			}
		}
		for _, w := range c.notBranch {
			if slices.Contains(br, w) {
				t.Errorf("%v: unexpected branch relation %q", c.chart, w)
			}
		}
	}
}

func TestRelationNames(t *testing.T) {
	a := Analyze(pillarsOf(t, "甲寅", "己巳", "壬申", "丁未"))
	var r Relation
	for _, x := range a.Relations.Branches {
		if x.Kind == RelXingWuEn {
			r = x
		}
	}
	if r.Name() != "刑" || r.SubtypeName() != "无恩之刑" || r.Chars() != "寅巳申" {
		t.Errorf("xing: %s %s %s", r.Name(), r.SubtypeName(), r.Chars())
	}
	b, err := json.Marshal(a.Relations)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `{"type":"xing","name":"刑","subtype":"wu_en","subtype_name":"无恩之刑","members":["year","month","day"],"chars":"寅巳申"}`) {
		t.Errorf("JSON %s", b)
	}
	if !strings.Contains(string(b), `{"type":"he","name":"合","members":["year","month"],"chars":"甲己","element":"earth"}`) {
		t.Errorf("JSON %s", b)
	}
	var back Relations
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Stems, a.Relations.Stems) || !slices.Equal(back.Branches, a.Relations.Branches) {
		t.Errorf("round trip:\n%+v\n%+v", back, a.Relations)
	}
}

// TestRelationsRoundTrip: every relation of many random charts survives JSON.
func TestRelationsRoundTrip(t *testing.T) {
	for y := 0; y < 60; y += 7 {
		for m := 0; m < 60; m += 5 {
			for d := 0; d < 60; d += 3 {
				a := Analyze(Pillars{GanZhi(y), GanZhi(m), GanZhi(d), GanZhi((y + d) % 60), true})
				b, _ := json.Marshal(a.Relations)
				var back Relations
				if err := json.Unmarshal(b, &back); err != nil {
					t.Fatal(err, string(b))
				}
				if !slices.Equal(back.Stems, a.Relations.Stems) || !slices.Equal(back.Branches, a.Relations.Branches) {
					t.Fatalf("round trip %s", b)
				}
			}
		}
	}
}
