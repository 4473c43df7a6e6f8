package bazi

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestElementBalance(t *testing.T) {
	a := Analyze(pillarsOf(t, "乙酉", "戊子", "辛巳", "壬辰"))
	e := a.Elements
	if e.Counts != (ElementCounts{Wood: 1, Fire: 1, Earth: 2, Metal: 2, Water: 2}) {
		t.Errorf("counts %+v", e.Counts)
	}
	// stems 乙 戊 辛 壬 = 1 each; 酉 辛 1; 子 (month, ×2) 癸 2; 巳 丙 1 庚 .5 戊 .3; 辰 戊 1 乙 .5 癸 .3.
	want := ElementScores{Wood: 1.5, Fire: 1, Earth: 2.3, Metal: 2.5, Water: 3.3}
	if e.Scores != want {
		t.Errorf("scores %+v, want %+v", e.Scores, want)
	}
	if e.Dominant != "water" || len(e.Missing) != 0 || e.Weights.MonthMultiplier != 2 || e.Weights.HiddenMiddle != 0.5 {
		t.Errorf("balance %+v", e)
	}
	var sum float64
	for el := Element(0); el < 5; el++ {
		sum += e.Percent.Get(el)
	}
	if math.Abs(sum-100) > 0.3 {
		t.Errorf("percent sum %v", sum)
	}
	s := a.Strength
	// support = metal 2.5 + earth 2.3 = 4.8 of 10.6.
	if s.Score != 45.3 || s.Label != "balanced" || s.InSeason || !s.Rooted || s.SeasonState != "xiu" {
		t.Errorf("strength %+v", s)
	}
	if a.Favourable.Reason != ReasonBalancedStrong {
		t.Errorf("favourable %+v", a.Favourable)
	}
}

func TestStrengthLabels(t *testing.T) {
	// 甲 born in a 寅 month with wood and water everywhere: very strong.
	strong := Analyze(pillarsOf(t, "壬寅", "壬寅", "甲寅", "乙亥"))
	s := strong.Strength
	if s.Label != "very_strong" || !s.InSeason || !s.Rooted || !s.Supported || s.SeasonState != "wang" || s.Score < 70 {
		t.Errorf("strong chart: %+v", s)
	}
	if !slices.Equal(s.RootPillars, []string{"year", "month", "day", "hour"}) {
		t.Errorf("roots %v", s.RootPillars)
	}
	f := strong.Favourable
	if f.Reason != ReasonStrong || !slices.Equal(f.Favourable, []string{"fire", "earth", "metal"}) || !slices.Equal(f.Unfavourable, []string{"water", "wood"}) {
		t.Errorf("strong favourable %+v", f)
	}
	if strong.Elements.Counts.Wood != 5 || strong.Elements.Counts.Water != 3 || !slices.Equal(strong.Elements.Missing, []string{"fire", "earth", "metal"}) {
		t.Errorf("strong counts %+v", strong.Elements)
	}

	// 甲 born in a 申 month surrounded by metal, fire and earth: very weak.
	weak := Analyze(pillarsOf(t, "庚申", "丙申", "甲戌", "辛未"))
	w := weak.Strength
	if w.Label != "very_weak" || w.InSeason || w.Supported || w.SeasonState != "si" || w.Score > 25 {
		t.Errorf("weak chart: %+v", w)
	}
	// 未 hides 乙 (residual): a weak root.
	if !w.Rooted || !slices.Equal(w.RootPillars, []string{"hour"}) {
		t.Errorf("weak roots %+v", w)
	}
	if weak.Favourable.Reason != ReasonWeak || !slices.Equal(weak.Favourable.Favourable, []string{"water", "wood"}) ||
		!slices.Equal(weak.Favourable.Unfavourable, []string{"metal", "earth", "fire"}) {
		t.Errorf("weak favourable %+v", weak.Favourable)
	}
	if weak.Favourable.ClimateNeed != "" {
		t.Errorf("autumn chart with a climate need %+v", weak.Favourable)
	}

	// Labels follow the thresholds.
	for _, c := range []struct {
		score float64
		want  string
	}{{10, "very_weak"}, {27.9, "very_weak"}, {28, "weak"}, {39.9, "weak"}, {40, "balanced"}, {50, "balanced"}, {50.1, "strong"}, {62, "strong"}, {62.1, "very_strong"}} {
		if got := strengthLabel(c.score); got != c.want {
			t.Errorf("label(%v) = %s, want %s", c.score, got, c.want)
		}
	}
}

func TestClimate(t *testing.T) {
	summer := Analyze(pillarsOf(t, "甲子", "庚午", "丙午", "甲午"))
	if summer.Favourable.ClimateNeed != "water" || summer.Favourable.ClimateNote != "summer_birth_needs_water" {
		t.Errorf("summer %+v", summer.Favourable)
	}
	winter := Analyze(pillarsOf(t, "甲子", "丙子", "壬子", "庚子"))
	if winter.Favourable.ClimateNeed != "fire" {
		t.Errorf("winter %+v", winter.Favourable)
	}
	b, _ := json.Marshal(winter.Favourable)
	if !strings.Contains(string(b), `"climate_need":"fire"`) || !strings.Contains(string(b), `"reason":"strong_day_master_needs_output_wealth_officer"`) {
		t.Errorf("JSON %s", b)
	}
}

func TestStrengthNoHour(t *testing.T) {
	a := Analyze(Pillars{Year: mustGZ(t, "壬寅"), Month: mustGZ(t, "壬寅"), Day: mustGZ(t, "甲寅")})
	c := a.Elements.Counts
	if c.Wood != 4 || c.Water != 2 || c.Wood+c.Fire+c.Earth+c.Metal+c.Water != 6 {
		t.Errorf("counts %+v", c)
	}
	if slices.Contains(a.Strength.RootPillars, "hour") || a.Strength.Label != "very_strong" {
		t.Errorf("strength %+v", a.Strength)
	}
}
