package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/almanac"
	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/dayscore"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/places"
	"github.com/bazi-master/bazi-master/views"
)

// tzCookie remembers the zone a reader chose on /daily or /calendar, so a
// guest's "today" stays theirs without an account.
const tzCookie = "tz"

// pageZone is the zone /daily and /calendar read "today" on: ?tz= (then
// remembered in a cookie), else the signed-in user's profile place's
// zone, else the cookie, else Asia/Shanghai. A refused ?tz= is reported
// in bad (and the next choice is used), so the page can say so next to
// the field.
type pageZone struct {
	name        string
	loc         *time.Location
	fromProfile bool
	bad         string // the refused ?tz=, or ""
}

func resolvePageZone(c *fiber.Ctx) pageZone {
	var z pageZone
	if q := strings.TrimSpace(c.Query("tz")); q != "" {
		if loc, err := bazi.LoadZone(q); err == nil {
			c.Cookie(&fiber.Cookie{
				Name: tzCookie, Value: q, Path: "/", MaxAge: 365 * 24 * 3600,
				HTTPOnly: true, Secure: c.Protocol() == "https", SameSite: fiber.CookieSameSiteLaxMode,
			})
			return pageZone{name: q, loc: loc}
		}
		z.bad = q
	}
	if u := CurrentUser(c); u != nil && strings.TrimSpace(u.DefaultPlace) != "" && len(u.DefaultPlace) <= maxPlaceBytes {
		if hits := places.Search(u.DefaultPlace, 1); len(hits) > 0 && hits[0].TZ != "" {
			if loc, err := bazi.LoadZone(hits[0].TZ); err == nil {
				z.name, z.loc, z.fromProfile = hits[0].TZ, loc, true
				return z
			}
		}
	}
	if ck := c.Cookies(tzCookie); ck != "" {
		if loc, err := bazi.LoadZone(ck); err == nil {
			z.name, z.loc = ck, loc
			return z
		}
	}
	z.name = defaultZoneFor(Lang(c))
	z.loc = mustZone(z.name)
	return z
}

// defaultZoneFor is the zone a guest who has named none sees the day in:
// Japan's on a Japanese page, Korea's on a Korean one (where the almanac's
// readers mostly live), China's otherwise.
func defaultZoneFor(lang i18n.Lang) string {
	switch lang {
	case i18n.Japanese:
		return "Asia/Tokyo"
	case i18n.Korean:
		return "Asia/Seoul"
	}
	return defaultDailyTZ
}

func mustZone(name string) *time.Location {
	loc, err := bazi.LoadZone(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

// tzForm is the zone field of a page.
func tzForm(p views.Page, z pageZone, action, date string) views.TZForm {
	f := views.TZForm{Action: action, Date: date, Value: z.name, FromProfile: z.fromProfile}
	if z.bad != "" {
		f.Value = z.bad
		f.Error = p.T("daily.error.tz", z.bad)
	}
	return f
}

// almanacName is a name of the almanac in the page's language: Zh is the
// Chinese (simplified as lunar-go has it on an English page, else the
// page's script) and Label its translation (equal to Zh on Chinese pages).
func almanacName(p views.Page, family, text string) views.AlmanacName {
	label := p.T(almanac.NameKey(family, text))
	if p.Lang == i18n.English {
		return views.AlmanacName{Zh: text, Label: label}
	}
	return views.AlmanacName{Zh: label, Label: label}
}

func almanacNames(p views.Page, family string, texts []string) []views.AlmanacName {
	out := make([]views.AlmanacName, len(texts))
	for i, t := range texts {
		out[i] = almanacName(p, family, t)
	}
	return out
}

// AlmanacViewOf words a day's almanac for a page.
func AlmanacViewOf(p views.Page, d almanac.Day) *views.AlmanacView {
	v := &views.AlmanacView{
		Lunar:   almanacName(p, almanac.FamilyMonth, d.Lunar.MonthName).Zh + lunarSep(p.Lang) + almanacName(p, almanac.FamilyDay, d.Lunar.DayName).Zh,
		GanZhi:  d.GanZhi(),
		Zodiac:  p.T("almanac.zodiac", p.T(almanac.NameKey(almanac.FamilyAnimal, d.Zodiac))),
		Yi:      almanacNames(p, almanac.FamilyYiJi, d.Yi),
		Ji:      almanacNames(p, almanac.FamilyYiJi, d.Ji),
		Officer: almanacName(p, almanac.FamilyOfficer, d.Officer),
		Clash: p.T("almanac.clash.text", p.T(almanac.NameKey(almanac.FamilyAnimal, d.Clash.Animal)), d.Clash.GanZhi,
			p.T(almanac.NameKey(almanac.FamilyDir, d.Clash.Sha))),
		ClashZh:   d.Clash.String(),
		Deity:     almanacName(p, almanac.FamilyDeity, d.Deity.Name),
		DeityPath: almanacName(p, almanac.FamilyPath, d.Deity.Path),
		Lucky:     d.Deity.Luck == "吉",
		Mansion: p.T("almanac.mansion.text", almanacName(p, almanac.FamilyXiu, d.Mansion.FullName()).Zh,
			p.T(almanac.NameKey(almanac.FamilyMansion, d.Mansion.Name)), p.T(almanac.NameKey(almanac.FamilyLuck, d.Mansion.Luck))),
		PengZu: almanacNames(p, almanac.FamilyPengZu, d.PengZu[:]),
		APIURL: "/api/v1/almanac?date=" + d.Date.String(),
	}
	if p.Lang != i18n.English {
		v.ClashZh = "" // the worded clash is already Chinese, in the page's script
	}
	if p.Lang == i18n.English {
		v.LunarLabel = p.T(almanac.NameKey(almanac.FamilyMonth, d.Lunar.MonthName)) + ", " + p.T(almanac.NameKey(almanac.FamilyDay, d.Lunar.DayName))
	}
	if d.SolarTerm != "" {
		if t, ok := solarTermNamed(d.SolarTerm); ok {
			name, label := termNames(p, t)
			v.SolarTerm = views.AlmanacName{Zh: name, Label: label}
		}
	}
	dir := d.Directions
	for _, s := range []struct {
		key string
		d   almanac.Direction
	}{{"xi", dir.Joy}, {"fu", dir.Fortune}, {"cai", dir.Wealth}, {"yang_gui", dir.YangNoble}, {"yin_gui", dir.YinNoble}} {
		v.Directions = append(v.Directions, views.AlmanacDirection{
			Key: s.key, Label: p.T("almanac.dir." + s.key), Trigram: s.d.Trigram, Direction: p.T(almanac.NameKey(almanac.FamilyDir, s.d.Desc)),
		})
	}
	var lucky []string
	for _, h := range d.Hours {
		v.Hours = append(v.Hours, views.AlmanacHour{
			Branch: h.Branch, GanZhi: h.GanZhi, Range: h.Start + "–" + h.End, Lucky: h.Lucky(),
			Luck:  p.T(almanac.NameKey(almanac.FamilyLuck, h.Deity.Luck)),
			Deity: almanacName(p, almanac.FamilyDeity, h.Deity.Name),
		})
		if h.Lucky() {
			lucky = append(lucky, h.Branch)
		}
	}
	v.LuckyHours = p.T("almanac.hours.lucky", strings.Join(lucky, " "))
	return v
}

// ScoreViewOf words a day's score: each part with its points and rule,
// and the summary on top (the band, the best and worst parts, and what
// the almanac favours).
func ScoreViewOf(p views.Page, s dayscore.Score, d almanac.Day) *views.ScoreView {
	v := &views.ScoreView{Total: s.Total, Base: dayscore.Base, Band: s.Band()}
	for _, part := range s.Parts {
		v.Parts = append(v.Parts, views.ScorePart{Key: part.Key, Points: part.Points, Text: scorePartText(p, part, d), Rule: scorePartRule(p, part)})
	}
	v.Summary = append(v.Summary, p.T("almanac.summary."+v.Band))
	if b, ok := s.Best(); ok {
		v.Summary = append(v.Summary, p.T("almanac.summary.best", scorePartText(p, b, d)))
	}
	if w, ok := s.Worst(); ok {
		v.Summary = append(v.Summary, p.T("almanac.summary.worst", scorePartText(p, w, d)))
	}
	if len(d.Yi) > 0 {
		yi := almanacNames(p, almanac.FamilyYiJi, d.Yi[:min(3, len(d.Yi))])
		labels := make([]string, len(yi))
		for i, n := range yi {
			labels[i] = n.Label
		}
		v.Summary = append(v.Summary, p.T("almanac.summary.yi", strings.Join(labels, p.T("daily.list.sep"))))
	}
	return v
}

func scorePartText(p views.Page, part dayscore.Part, d almanac.Day) string {
	switch part.Key {
	case "deity":
		return p.T("almanac.score.part.deity", almanacName(p, almanac.FamilyDeity, d.Deity.Name).Label, p.T(almanac.NameKey(almanac.FamilyPath, d.Deity.Path)))
	case "officer":
		return p.T("almanac.score.part.officer", almanacName(p, almanac.FamilyOfficer, d.Officer).Label)
	case "bounds":
		return p.T("almanac.score.part.bounds")
	}
	f := part.Factor
	switch f.Kind {
	case bazi.FactorTenGod:
		return p.T("almanac.score.part.tengod")
	case bazi.FactorElement:
		return p.T("almanac.score.part.element", f.Char, p.T("term.element."+f.Element.Key())) + ": " + p.T("almanac.score.tone."+f.Tone.String())
	}
	return p.T("almanac.score.part.relation", f.Char, p.T("term.pillar."+bazi.PillarKey(f.Pillar)), p.T("term.relation."+f.Relation.Type())+" ("+f.Rule+")")
}

func scorePartRule(p views.Page, part dayscore.Part) string {
	if part.Factor != nil {
		return dailyNoteLine(p, *part.Factor).Rule
	}
	return part.Rule
}

// solarTermNamed is the engine's solar term lunar-go names name ("立春").
func solarTermNamed(name string) (bazi.SolarTerm, bool) {
	for t := bazi.SolarTerm(0); t < bazi.NumSolarTerms; t++ {
		if t.String() == name {
			return t, true
		}
	}
	return 0, false
}
