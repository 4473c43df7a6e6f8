package bazi

import (
	"strings"
	"testing"
)

func TestStemPairRelation(t *testing.T) {
	cases := []struct {
		a, b string
		rule string // "" = none
		el   string
	}{
		{"甲", "己", "甲己合", "earth"},
		{"癸", "戊", "癸戊合", "fire"},
		{"甲", "庚", "甲庚冲", ""},
		{"丁", "癸", "丁癸冲", ""},
		{"甲", "乙", "", ""},
		{"戊", "戊", "", ""},
	}
	for _, c := range cases {
		a, _ := ParseStem(c.a)
		b, _ := ParseStem(c.b)
		r, ok := StemPairRelation(a, b)
		if c.rule == "" {
			if ok {
				t.Errorf("%s%s: got %s, want none", c.a, c.b, r.Rule())
			}
			continue
		}
		if !ok || r.Rule() != c.rule {
			t.Errorf("%s%s: got %q ok=%v, want %q", c.a, c.b, r.Rule(), ok, c.rule)
		}
		el, has := r.Element()
		if (c.el != "") != has || (has && el.Key() != c.el) {
			t.Errorf("%s%s: element %v %v, want %q", c.a, c.b, el, has, c.el)
		}
	}
}

func TestBranchPairRelations(t *testing.T) {
	cases := []struct{ a, b, want string }{
		{"子", "午", "子午冲"},
		{"子", "丑", "子丑六合"},
		{"子", "卯", "子卯刑(无礼之刑)"},
		{"子", "未", "子未害"},
		{"子", "酉", "子酉破"},
		{"申", "子", "申子半合(生旺半合)"},
		{"申", "辰", "申辰拱合"},
		{"寅", "巳", "寅巳刑(无恩之刑) 寅巳害"},
		{"午", "午", "午午刑(自刑)"},
		{"子", "寅", ""},
	}
	for _, c := range cases {
		a, _ := ParseBranch(c.a)
		b, _ := ParseBranch(c.b)
		var got []string
		for _, r := range BranchPairRelations(a, b) {
			got = append(got, r.Rule())
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("%s%s: got %q, want %q", c.a, c.b, s, c.want)
		}
	}
}
