package reading

import (
	"fmt"
	"math"
	"strings"

	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// The prompt of a Western astrology reading (Request.IsAstro): BuildPrompt
// writes the reader persona and these facts of Request.Astro, and of
// Request.Transits for a transit reading.

// astroInstruction is the topic line of a natal reading.
const astroInstruction = "Western natal astrology reading — the big three (Sun, Moon and Ascendant signs), the angular planets " +
	"(within 8° of the Ascendant, Descendant, Midheaven or IC), the tightest aspects with their orbs, and the houses of the planets. " +
	"Answer a follow-up question from the part of the chart it concerns (love: Venus, the Moon and the 7th house; career: the Midheaven, " +
	"the 10th house, Saturn and the Sun; money: the 2nd house, Venus and Jupiter; health: the 6th house and Mars; home: the 4th house and the Moon; " +
	"communication and study: Mercury and the 3rd and 9th houses)."

// astroTransitInstruction is the topic line of a transit reading.
const astroTransitInstruction = "Western astrology transit reading for the given day — the transiting planets' aspects to the natal chart, " +
	"tightest first, with the date each becomes exact, the slow planets (Jupiter to Pluto) as the background themes of the season and the fast ones " +
	"(the Moon to Mars) as the day's tone. Speak of the day and the weeks around it, never of fixed events."

func astroLangInstruction(l i18n.Lang) string {
	switch l {
	case i18n.SimplifiedChinese:
		return "write the whole answer in Simplified Chinese (简体中文), using standard astrology terms in Chinese (e.g. 太阳, 月亮, 上升, 宫位, 相位, 合相, 刑相)."
	case i18n.TraditionalChinese:
		return "write the whole answer in Traditional Chinese (繁體中文), using standard astrology terms in Traditional characters (e.g. 太陽, 月亮, 上升, 宮位, 相位, 合相, 刑相)."
	case i18n.Japanese:
		return "write the whole answer in Japanese (日本語), using the standard Japanese astrology terms (e.g. 太陽, 月, アセンダント, ハウス, アスペクト, コンジャンクション, スクエア)."
	case i18n.Korean:
		return "write the whole answer in Korean (한국어), using the standard Korean astrology terms (e.g. 태양, 달, 상승궁, 하우스, 애스펙트, 합, 스퀘어)."
	}
	return "write the whole answer in English, with the standard Western astrology terms."
}

// astroNames are the bodies' English names, in Body order.
var astroNames = [astro.NumBodies]string{"Sun", "Moon", "Mercury", "Venus", "Mars", "Jupiter", "Saturn",
	"Uranus", "Neptune", "Pluto", "Mean Node", "North Node"}

// astroSignNames are the signs' English names.
var astroSignNames = [12]string{"Aries", "Taurus", "Gemini", "Cancer", "Leo", "Virgo", "Libra",
	"Scorpio", "Sagittarius", "Capricorn", "Aquarius", "Pisces"}

// astroTargetName names a natal point in English.
func astroTargetName(t astro.Target) string {
	switch t {
	case astro.TargetAsc:
		return "Ascendant"
	case astro.TargetMC:
		return "Midheaven"
	}
	return astroNames[t]
}

// astroPlace writes a longitude as "10°49′ Capricorn".
func astroPlace(lon float64) string {
	s, d, m := astro.Zodiac(lon)
	return fmt.Sprintf("%d°%02d′ %s", d, m, astroSignNames[s])
}

// astroOrb writes an orb as "1°05′".
func astroOrb(orb float64) string {
	m := int(math.Round(orb * 60))
	return fmt.Sprintf("%d°%02d′", m/60, m%60)
}

// astroChartOK reports whether c is a computed chart: the bodies in their
// places (a zero Chart is not: every body would be the Sun).
func astroChartOK(c *astro.Chart) bool {
	if c == nil {
		return false
	}
	for i := range c.Bodies {
		if c.Bodies[i].Body != astro.Body(i) {
			return false
		}
	}
	return true
}

// astroFactBodies are the bodies the facts and the reader list.
var astroFactBodies = [...]astro.Body{astro.Sun, astro.Moon, astro.Mercury, astro.Venus, astro.Mars,
	astro.Jupiter, astro.Saturn, astro.Uranus, astro.Neptune, astro.Pluto, astro.TrueNode}

// AngularOrb is how close to an angle a planet must be to count as
// angular, degrees.
const AngularOrb = 8.0

// astroAngular is a planet near an angle.
type astroAngular struct {
	Body  astro.Body
	Angle string // "asc", "dsc", "mc", "ic"
	Orb   float64
}

// astroAngulars lists the planets (Sun … Pluto) within AngularOrb of an
// angle, closest first; none without a birth time.
func astroAngulars(c *astro.Chart) []astroAngular {
	if !c.HasAngles {
		return nil
	}
	angs := [4]struct {
		key string
		lon float64
	}{{"asc", c.Ascendant}, {"dsc", c.Ascendant + 180}, {"mc", c.Midheaven}, {"ic", c.Midheaven + 180}}
	var out []astroAngular
	for _, b := range astroFactBodies {
		if b == astro.TrueNode {
			continue
		}
		for _, a := range angs {
			d := math.Abs(math.Remainder(c.Bodies[b].Lon-a.lon, 360))
			if d <= AngularOrb {
				out = append(out, astroAngular{b, a.key, d})
			}
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Orb < out[j-1].Orb; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// astroTightAspects returns the chart's aspects within max orb, tightest
// first (ties in the engine's order).
func astroTightAspects(c *astro.Chart, maxOrb float64) []astro.Aspect {
	var out []astro.Aspect
	for _, a := range c.Aspects {
		if a.Orb <= maxOrb {
			out = append(out, a)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Orb < out[j-1].Orb; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

var astroAngleNames = map[string]string{"asc": "Ascendant", "dsc": "Descendant", "mc": "Midheaven", "ic": "IC"}

// writeAstroFacts writes the natal chart, and the transits when set, as
// "key: value" lines.
func writeAstroFacts(b *strings.Builder, req Request) {
	c := req.Astro
	if !req.Now.IsZero() {
		fmt.Fprintf(b, "today: %s\n", req.Now.Format("2006-01-02"))
	}
	if !astroChartOK(c) {
		b.WriteString("chart: unavailable\n")
		return
	}
	in := c.Input
	fmt.Fprintf(b, "birth: %s (UTC)", in.UTC.Format("2006-01-02 15:04"))
	if !c.HasAngles {
		b.WriteString(", birth time unknown: positions for local noon, no Ascendant, Midheaven or houses")
	}
	b.WriteString("\n")
	fmt.Fprintf(b, "big_three: Sun in %s, Moon in %s", astroSignNames[c.Bodies[astro.Sun].Sign], astroSignNames[c.Bodies[astro.Moon].Sign])
	if c.HasAngles {
		s, _, _ := astro.Zodiac(c.Ascendant)
		fmt.Fprintf(b, ", Ascendant in %s", astroSignNames[s])
	}
	b.WriteString("\n")
	if c.HasAngles {
		fmt.Fprintf(b, "angles: Ascendant %s, Midheaven %s; houses: %s\n", astroPlace(c.Ascendant), astroPlace(c.Midheaven), c.HouseSystem)
	}
	b.WriteString("bodies:\n")
	for _, bd := range astroFactBodies {
		p := &c.Bodies[bd]
		fmt.Fprintf(b, "- %s: %s", astroNames[bd], astroPlace(p.Lon))
		if p.House > 0 {
			fmt.Fprintf(b, ", house %d", p.House)
		}
		if p.Retrograde && bd != astro.TrueNode {
			b.WriteString(", retrograde")
		}
		b.WriteString("\n")
	}
	if ang := astroAngulars(c); len(ang) > 0 {
		var parts []string
		for _, a := range ang {
			parts = append(parts, fmt.Sprintf("%s on the %s (orb %s)", astroNames[a.Body], astroAngleNames[a.Angle], astroOrb(a.Orb)))
		}
		fmt.Fprintf(b, "angular_planets: %s\n", strings.Join(parts, "; "))
	} else if c.HasAngles {
		b.WriteString("angular_planets: none\n")
	}
	b.WriteString("tight_aspects (orb 3° or less, tightest first):\n")
	tight := astroTightAspects(c, 3)
	if len(tight) == 0 {
		b.WriteString("- none\n")
	}
	for _, a := range tight {
		app := "separating"
		if a.Applying {
			app = "applying"
		}
		fmt.Fprintf(b, "- %s %s %s, orb %s, %s\n", astroNames[a.A], a.Kind, astroNames[a.B], astroOrb(a.Orb), app)
	}
	if tr := req.Transits; tr != nil {
		writeAstroTransits(b, tr)
	}
}

// writeAstroTransits writes the transit lines.
func writeAstroTransits(b *strings.Builder, tr *astro.TransitReport) {
	fmt.Fprintf(b, "transit_day: %s (positions at local noon)\n", tr.Day.Format("2006-01-02"))
	b.WriteString("transiting_positions:\n")
	for _, bd := range astroFactBodies[:10] {
		p := &tr.Sky[bd]
		fmt.Fprintf(b, "- %s: %s", astroNames[bd], astroPlace(p.Lon))
		if p.House > 0 {
			fmt.Fprintf(b, ", natal house %d", p.House)
		}
		if p.Retrograde {
			b.WriteString(", retrograde")
		}
		b.WriteString("\n")
	}
	b.WriteString("transits (transiting body to natal point, tightest first):\n")
	if len(tr.Aspects) == 0 {
		b.WriteString("- none within the transit orbs\n")
	}
	for _, a := range tr.Aspects {
		app := "separating"
		if a.Applying {
			app = "applying"
		}
		fmt.Fprintf(b, "- transiting %s %s natal %s, orb %s, %s", astroNames[a.Transit], a.Kind, astroTargetName(a.Natal), astroOrb(a.Orb), app)
		if a.HasExact {
			fmt.Fprintf(b, ", exact %s", a.Exact.In(tr.Day.Location()).Format("2006-01-02"))
		}
		b.WriteString("\n")
	}
}
