package views

import (
	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/synthesis"
	"github.com/bazi-master/bazi-master/ziwei"
)

// OverviewView is what the overview page shows: one birth in BaZi, Zi Wei
// Dou Shu and Western astrology, and where they agree.
type OverviewView struct {
	Name, Birth, PlaceName, ZoneLabel string
	// Query is the birth's canonical chart query (the reading form's).
	Query string
	Chart *bazi.Chart
	// Board is nil without a birth time (ZiweiMissing then says so).
	Board *ziwei.Board
	Astro *astro.Chart
	// Points are the agreement panel's comparisons.
	Points []synthesis.Point
	// ChartURL, ZiweiURL and AstroURL are the three systems' own pages;
	// ZiweiURL without a time is the birth form asking for it.
	ChartURL, ZiweiURL, AstroURL, EditURL string
	ReadingLeft                           *ReadingAllowance
}

// ovSoul is the board's 命宫.
func ovSoul(b *ziwei.Board) *ziwei.Palace { return &b.Palaces[b.SoulIndex()] }

// ovBody is the board's 身宫.
func ovBody(b *ziwei.Board) *ziwei.Palace { return &b.Palaces[b.BodyIndex()] }

// ovPillars are the chart's pillars in order (the hour only when known).
func ovPillars(c *bazi.Chart) []*bazi.PillarDetail {
	out := []*bazi.PillarDetail{&c.Pillars.Year, &c.Pillars.Month, &c.Pillars.Day}
	if c.Pillars.Hour != nil {
		out = append(out, c.Pillars.Hour)
	}
	return out
}

var ovPillarKeys = [4]string{"year", "month", "day", "hour"}

// ovValues names a point's compared values (elements or polarities) in
// the page's language.
func ovValues(p Page, e synthesis.Evidence) string {
	fam := "element"
	if e.Factor == "day_master" || (e.Factor == "sun" && len(e.Values) == 1 && (e.Values[0] == "yin" || e.Values[0] == "yang")) {
		fam = "polarity"
	}
	s := ""
	for i, v := range e.Values {
		if i > 0 {
			s += " · "
		}
		s += termName(p, fam, v)
	}
	return s
}

// ovDetail is what a side read: a sign, stars, a group or a branch.
func ovDetail(p Page, e synthesis.Evidence) string {
	switch {
	case e.Sign != nil:
		return termName(p, "astro_sign", e.Sign.String())
	case e.Group != "":
		return p.T("overview.group." + e.Group)
	case e.Factor == "spouse_palace":
		return e.Branch
	case len(e.Stars) > 0:
		s := ""
		for i, id := range e.Stars {
			if i > 0 {
				s += " "
			}
			s += zwStarLabel(p, id)
		}
		return s
	case e.Factor == "career_stars" || e.Factor == "spouse_stars":
		return p.T("overview.empty_palace", e.Branch)
	}
	return ""
}

// ovShared names the shared values of a point.
func ovShared(p Page, pt synthesis.Point) string {
	fam := "element"
	if pt.Rule == synthesis.RuleTemperament {
		fam = "polarity"
	}
	s := ""
	for i, v := range pt.Shared {
		if i > 0 {
			s += ", "
		}
		s += termName(p, fam, v)
	}
	return s
}

// ovWhy is the sentence saying why a point agrees, differs or is unknown.
func ovWhy(p Page, pt synthesis.Point) string {
	switch pt.Verdict {
	case synthesis.Agree:
		return p.T("overview.why.agree", ovShared(p, pt))
	case synthesis.Unknown:
		return p.T("overview.why.unknown")
	}
	if len(pt.Shared) > 0 {
		return p.T("overview.why.differ_others", ovShared(p, pt))
	}
	return p.T("overview.why.differ")
}

// ovVerdictClass colours a verdict badge.
func ovVerdictClass(v synthesis.Verdict) string {
	switch v {
	case synthesis.Agree:
		return "zw-chip bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100"
	case synthesis.Differ:
		return "zw-chip bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100"
	}
	return "zw-chip bg-stone-100 text-stone-700 dark:bg-stone-800 dark:text-stone-200"
}

// ovParen puts s in brackets the page's language writes: " (s)" in
// English and Korean, "（s）" in Chinese and Japanese.
func ovParen(p Page, s string) string {
	if p.Lang.CJK() {
		return "（" + s + "）"
	}
	return " (" + s + ")"
}
