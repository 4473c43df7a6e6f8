// Package dayscore turns a day's facts into a score from 0 to 100 with
// its breakdown: the day read against a person's chart (bazi.DayReading)
// and the almanac's verdict on the day (值神 and 建除). Every part carries
// its points and the rule that gave them, so the score is never a black
// box: the parts always add up to the total.
package dayscore

import (
	"github.com/bazi-master/bazi-master/almanac"
	"github.com/bazi-master/bazi-master/bazi"
)

// Base is the score of a day with nothing for or against it.
const Base = 50

// Part is one line of the breakdown.
type Part struct {
	// Key names the part: "tengod", "stem_he", "branch_chong" … (a
	// DayFactor's key), "deity", "officer", or "bounds" (what keeps the
	// total within 0–100).
	Key    string
	Points int
	// Rule is the rule as it is taught, in Chinese: "子午冲",
	// "金匮黄道日吉", "除危定执黄".
	Rule string
	// Factor is the chart factor the part scores (nil for the almanac's
	// parts and bounds).
	Factor *bazi.DayFactor
}

// Score is a day's score and its breakdown: Base plus the parts' points.
type Score struct {
	Total int
	Parts []Part
}

// relationPoints weigh the relations of the day's stem or branch with a
// natal one: combinations help, clashes hurt most, then punishments,
// harms and destructions (the order of their severity in the classics).
var relationPoints = map[string]int{
	"he": 4, "liu_he": 6, "san_he": 6, "ban_he": 4, "gong_he": 3, "san_hui": 6,
	"chong": -10, "xing": -6, "hai": -5, "po": -3,
}

// elementPoints weigh the day's stem or branch element against the
// chart's favourable (喜用) and unfavourable (忌) elements.
const elementPoints = 8

// deityPoints weigh the day's 值神: a 黄道 day is lucky, a 黑道 one not.
const deityPoints = 10

// officerRule is the rhyme almanacs judge the twelve officers by:
// "建满平收黑，除危定执黄，成开皆可用，破闭不相当".
const officerRule = "建满平收黑，除危定执黄，成开皆可用，破闭不相当"

// officerPoints follows officerRule: the 黄 and usable officers help, the
// 黑 ones hurt a little, 破 and 闭 most.
var officerPoints = map[string]int{
	"除": 5, "危": 5, "定": 5, "执": 5, "成": 5, "开": 5,
	"建": -3, "满": -3, "平": -3, "收": -3,
	"破": -8, "闭": -8,
}

// OfficerRule is the rhyme behind the officer's points.
func OfficerRule() string { return officerRule }

// Of scores a day: factors (from bazi.DayReading; nil for no chart) and
// the day's almanac.
func Of(factors []bazi.DayFactor, day almanac.Day) Score {
	s := Score{Parts: make([]Part, 0, len(factors)+3)}
	for i := range factors {
		f := &factors[i]
		p := Part{Key: f.Key(), Rule: f.Rule, Factor: f}
		switch f.Kind {
		case bazi.FactorStem, bazi.FactorBranch:
			p.Points = relationPoints[f.Relation.Type()]
		case bazi.FactorElement:
			switch f.Tone {
			case bazi.ToneGood:
				p.Points = elementPoints
			case bazi.ToneBad:
				p.Points = -elementPoints
			}
		}
		s.Parts = append(s.Parts, p)
	}
	deity := Part{Key: "deity", Points: deityPoints, Rule: day.Deity.Name + day.Deity.Path + "日" + day.Deity.Luck}
	if day.Deity.Path != "黄道" {
		deity.Points = -deityPoints
	}
	s.Parts = append(s.Parts, deity)
	s.Parts = append(s.Parts, Part{Key: "officer", Points: officerPoints[day.Officer], Rule: day.Officer + "日：" + officerRule})
	total := Base
	for _, p := range s.Parts {
		total += p.Points
	}
	if clamped := min(max(total, 0), 100); clamped != total {
		s.Parts = append(s.Parts, Part{Key: "bounds", Points: clamped - total, Rule: "0–100"})
		total = clamped
	}
	s.Total = total
	return s
}

// Band is the score in words, for the summary: "good" (65 and up),
// "fair" (50–64), "mixed" (35–49) or "poor".
func (s Score) Band() string {
	switch {
	case s.Total >= 65:
		return "good"
	case s.Total >= 50:
		return "fair"
	case s.Total >= 35:
		return "mixed"
	}
	return "poor"
}

// Best is the part adding the most points and Worst the one taking the
// most; ok is false when no part adds (or takes) any.
func (s Score) Best() (p Part, ok bool) {
	for _, q := range s.Parts {
		if q.Key != "bounds" && q.Points > 0 && (!ok || q.Points > p.Points) {
			p, ok = q, true
		}
	}
	return p, ok
}

// Worst is the part taking the most points.
func (s Score) Worst() (p Part, ok bool) {
	for _, q := range s.Parts {
		if q.Key != "bounds" && q.Points < 0 && (!ok || q.Points < p.Points) {
			p, ok = q, true
		}
	}
	return p, ok
}
