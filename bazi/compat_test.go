package bazi

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// gz parses a 干支 pair or fails the test.
func gz(t *testing.T, s string) GanZhi {
	t.Helper()
	g, ok := ParseGanZhi(s)
	if !ok {
		t.Fatalf("bad ganzhi %q", s)
	}
	return g
}

// pillarsChart is a chart holding only pillars (enough for the stem and branch parts).
func pillarsChart(t *testing.T, year, month, day, hour string) *Chart {
	t.Helper()
	c := &Chart{FourPillars: Pillars{Year: gz(t, year), Month: gz(t, month), Day: gz(t, day)}}
	if hour != "" {
		c.FourPillars.Hour, c.FourPillars.HasHour = gz(t, hour), true
	}
	return c
}

func computeChart(t *testing.T, date, tm, gender string) *Chart {
	t.Helper()
	in, err := Request{Date: date, Time: tm, TZ: "+08:00", Gender: gender}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compute(in, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func findRule(p CompatPart, code, chars string) *CompatRule {
	for i := range p.Rules {
		if p.Rules[i].Code == code && strings.Contains(p.Rules[i].Chars, chars) {
			return &p.Rules[i]
		}
	}
	return nil
}

func TestCompatDayMaster(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		code  string
		score int
		chars string
	}{
		{"甲子", "己丑", "dm_he", 100, "甲己合土"},
		{"甲子", "丙寅", "dm_generate", 80, "木生火"},
		{"甲子", "乙丑", "dm_same", 60, "木木"},
		{"甲子", "戊辰", "dm_control", 35, "木克土"},
		{"甲子", "庚午", "dm_chong", 20, "甲庚冲"},
	} {
		a := pillarsChart(t, "甲子", "丙寅", tc.a, "")
		b := pillarsChart(t, "甲子", "丙寅", tc.b, "")
		p := compatDayMaster(a, b)
		if p.Score != tc.score || findRule(p, tc.code, tc.chars) == nil {
			t.Errorf("%s/%s: score %d rules %+v; want %d %s %s", tc.a, tc.b, p.Score, p.Rules, tc.score, tc.code, tc.chars)
		}
	}
	p := compatDayMaster(pillarsChart(t, "甲子", "丙寅", "甲子", ""), pillarsChart(t, "甲子", "丙寅", "己丑", ""))
	if !strings.Contains(p.Rules[0].Text, "A's day master 甲 and B's 己 combine (甲己合土)") {
		t.Errorf("text %q", p.Rules[0].Text)
	}
}

func TestCompatStems(t *testing.T) {
	// A: 甲 day, 丙 year; B: 己 day (合 day–day), 壬 year (丙壬冲 year–year).
	a := pillarsChart(t, "丙子", "辛卯", "甲辰", "")
	b := pillarsChart(t, "壬午", "癸卯", "己未", "")
	p := compatStems(a, b)
	he := findRule(p, "stem_he", "甲己合土")
	if he == nil || he.PillarA != "day" || he.PillarB != "day" || he.Points != 15 {
		t.Fatalf("day–day 合 missing: %+v", p.Rules)
	}
	ch := findRule(p, "stem_chong", "丙壬冲")
	if ch == nil || ch.PillarA != "year" || ch.PillarB != "year" || ch.Points != -8 {
		t.Fatalf("year–year 冲 missing: %+v", p.Rules)
	}
	sum := p.Base
	for _, r := range p.Rules {
		sum += r.Points
	}
	if p.Score != clampScore(sum) {
		t.Errorf("score %d, rules sum to %d", p.Score, sum)
	}
}

func TestCompatBranches(t *testing.T) {
	// Same A; B differs only in the day branch: 午 clashes A's 子, 丑 combines with it.
	a := pillarsChart(t, "乙卯", "丁亥", "甲子", "")
	clash := pillarsChart(t, "乙卯", "丁亥", "庚午", "")
	he := pillarsChart(t, "乙卯", "丁亥", "己丑", "")
	pc, ph := compatBranches(a, clash), compatBranches(a, he)
	r := findRule(pc, "branch_chong", "子午冲")
	if r == nil || r.PillarA != "day" || r.PillarB != "day" || r.Points != -16 {
		t.Fatalf("子午冲 (spouse palace) missing: %+v", pc.Rules)
	}
	if r := findRule(ph, "branch_liuhe", "子丑六合土"); r == nil || r.Points != 16 {
		t.Fatalf("子丑六合 missing: %+v", ph.Rules)
	}
	// 戌 has no relation with A's day branch 子: the clash scores below it.
	neutral := compatBranches(a, pillarsChart(t, "乙卯", "丁亥", "戊戌", ""))
	if !(pc.Score < neutral.Score && neutral.Score < ph.Score) {
		t.Errorf("clash %d, neutral %d, combination %d: want increasing", pc.Score, neutral.Score, ph.Score)
	}

	// 申 (A) + 子 辰 (B): a full 三合 water trio across the charts, no half 合 counted again.
	a2 := pillarsChart(t, "庚申", "丁亥", "甲寅", "")
	b2 := pillarsChart(t, "甲子", "丙辰", "乙酉", "")
	p2 := compatBranches(a2, b2)
	if findRule(p2, "branch_sanhe", "申子辰三合水") == nil {
		t.Fatalf("三合 trio missing: %+v", p2.Rules)
	}
	if findRule(p2, "branch_banhe", "申子") != nil {
		t.Errorf("half 合 of a completed trio counted again: %+v", p2.Rules)
	}
	// Without 辰, 申子 is a half combination.
	b3 := pillarsChart(t, "甲子", "丙寅", "乙酉", "")
	if findRule(compatBranches(a2, b3), "branch_banhe", "申子半合水") == nil {
		t.Errorf("申子半合 missing")
	}
	// 刑 and 害: 子卯刑, 子未害.
	p4 := compatBranches(pillarsChart(t, "甲子", "丙寅", "戊辰", ""), pillarsChart(t, "乙卯", "丁未", "己巳", ""))
	if findRule(p4, "branch_xing", "子卯刑") == nil || findRule(p4, "branch_hai", "子未害") == nil {
		t.Errorf("刑/害 missing: %+v", p4.Rules)
	}
}

func TestCompatibilityReport(t *testing.T) {
	a := computeChart(t, "1990-05-17", "08:30", "male")
	b := computeChart(t, "1992-11-03", "21:10", "female")
	r := Compatibility(a, b)
	if len(r.Parts) != 5 {
		t.Fatalf("parts %d", len(r.Parts))
	}
	// Complementarity numbers are the sums of the other chart's percentages.
	want := 0.0
	for _, e := range a.Favourable.Elements {
		want += b.Elements.Percent.Get(e)
	}
	if math.Abs(r.SupplyToA-want) > 0.051 {
		t.Errorf("supply to A %.1f, want %.1f", r.SupplyToA, want)
	}
	want = 0
	for _, e := range b.Favourable.Elements {
		want += a.Elements.Percent.Get(e)
	}
	if math.Abs(r.SupplyToB-want) > 0.051 {
		t.Errorf("supply to B %.1f, want %.1f", r.SupplyToB, want)
	}
	// Overall is the weighted mean of the parts.
	sum, w := 0, 0
	for _, p := range r.Parts {
		if p.Score < 0 || p.Score > 100 || len(p.Rules) == 0 && p.Key != "stems" && p.Key != "branches" {
			t.Errorf("part %+v", p)
		}
		sum += p.Score * p.Weight
		w += p.Weight
	}
	if w != 100 || r.Overall != int(math.Round(float64(sum)/100)) {
		t.Errorf("overall %d, weights %d, sum %d", r.Overall, w, sum)
	}
	// Luck window and periods.
	if r.LuckFrom != testNow.Year() || r.LuckTo != r.LuckFrom+CompatLuckYears-1 {
		t.Errorf("luck window %d–%d", r.LuckFrom, r.LuckTo)
	}
	years := 0
	for _, p := range r.BothFavourable {
		if p.From > p.To || p.From < r.LuckFrom || p.To > r.LuckTo {
			t.Errorf("period %+v", p)
		}
		for y := p.From; y <= p.To; y++ {
			if !luckFavourable(a, y) || !luckFavourable(b, y) {
				t.Errorf("year %d listed but not favourable for both", y)
			}
			years++
		}
	}
	if lp := r.Part("luck"); lp.Score != int(math.Round(float64(years)*100/CompatLuckYears)) {
		t.Errorf("luck score %d for %d years", lp.Score, years)
	}
	// Deterministic.
	if r2 := Compatibility(a, b); !reflect.DeepEqual(r, r2) {
		t.Error("not deterministic")
	}
	// Swapping A and B keeps the symmetric parts.
	rs := Compatibility(b, a)
	if rs.Part("day_master").Score != r.Part("day_master").Score || rs.SupplyToA != r.SupplyToB {
		t.Error("swap changed symmetric parts")
	}
}
