package reading

import (
	"strings"
	"time"

	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// The built-in Western astrology reader (Request.IsAstro): a natal reading
// of the big three, the angular planets and the tightest aspects, or, when
// Request.Transits is set, a reading of that day's transits written from
// the aspects themselves (the slow planets as the season's background, the
// fast ones as the day's tone, each with its exact date) — no canned
// horoscope. Follow-up questions are answered from the part of the chart
// they concern. The phrases are in builtin_astro_en.go,
// builtin_astro_zhhans.go and builtin_astro_zhhant.go; the rules of
// builtinWriter hold (no map ranged over, no clock).

// builtinAstroPhrases[lang] is the astrology phrase table of one language.
var builtinAstroPhrases = map[i18n.Lang]map[string]string{
	i18n.English:            astroPhrasesEN,
	i18n.SimplifiedChinese:  astroPhrasesZhHans,
	i18n.TraditionalChinese: astroPhrasesZhHant,
	i18n.Japanese:           astroPhrasesJa,
	i18n.Korean:             astroPhrasesKo,
}

// astroReadingOrb is the widest natal aspect the reading names.
const astroReadingOrb = 3.0

// astroReadingAspects is how many of the tightest aspects the reading names.
const astroReadingAspects = 5

func (w *builtinWriter) asSign(s astro.Sign) string       { return w.t("sign." + s.String()) }
func (w *builtinWriter) asBody(b astro.Body) string       { return w.t("body." + b.String()) }
func (w *builtinWriter) asKind(k astro.AspectKind) string { return w.t("asp." + k.String()) }

// asTarget names a natal point.
func (w *builtinWriter) asTarget(t astro.Target) string {
	if t.IsAngle() {
		return w.t("angle." + t.String())
	}
	return w.asBody(astro.Body(t))
}

// asTargetFn is what a natal point stands for.
func (w *builtinWriter) asTargetFn(t astro.Target) string {
	if t.IsAngle() {
		return w.t("fn." + t.String())
	}
	return w.t("fn." + astro.Body(t).String())
}

// asDeg writes a place within its sign: "10°49′".
func asDeg(lon float64) string {
	_, d, m := astro.Zodiac(lon)
	return itoa(d) + "°" + pad2(m) + "′"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [12]byte
	i := len(buf)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

func pad2(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

// asHouse is ", in the 7th house (partnership)" / "，在第7宫（伴侣）", or ""
// without houses.
func (w *builtinWriter) asHouse(h int) string {
	if h < 1 || h > 12 {
		return ""
	}
	return w.t("inhouse", h, w.t("house."+itoa(h)))
}

// asDate writes a date in the writer's language.
func (w *builtinWriter) asDate(t time.Time) string {
	return w.t("date", t.Year(), int(t.Month()), t.Day())
}

// asPlacement is one body's sentence: sign, degree, house, retrograde and
// what the sign brings.
func (w *builtinWriter) asPlacement(c *astro.Chart, b astro.Body) string {
	p := &c.Bodies[b]
	retro := ""
	if p.Retrograde && b != astro.TrueNode {
		retro = w.t("retro")
	}
	return w.t("place", w.asBody(b), w.asSign(p.Sign), asDeg(p.Lon), w.asHouse(p.House), retro, w.t("fn."+b.String()), w.t("signq."+p.Sign.String()))
}

// astroReading writes the natal reading of c.
func (w *builtinWriter) astroReading(c *astro.Chart, name string) {
	w.label()
	w.heading(w.t("title"))
	sun, moon := c.Bodies[astro.Sun].Sign, c.Bodies[astro.Moon].Sign
	if c.HasAngles {
		asc, _, _ := astro.Zodiac(c.Ascendant)
		w.para(w.t("intro", w.asSign(sun), w.asSign(moon), w.asSign(asc)))
	} else {
		w.para(w.t("intro.notime", w.asSign(sun), w.asSign(moon)))
	}

	w.heading(w.t("h.big3"))
	w.para(w.t("big.sun", w.asSign(sun), asDeg(c.Bodies[astro.Sun].Lon), w.asHouse(c.Bodies[astro.Sun].House), w.t("signq."+sun.String())), w.t("sun.note"))
	w.para(w.t("big.moon", w.asSign(moon), asDeg(c.Bodies[astro.Moon].Lon), w.asHouse(c.Bodies[astro.Moon].House), w.t("signq."+moon.String())), w.t("moon.note"))
	if c.HasAngles {
		asc, _, _ := astro.Zodiac(c.Ascendant)
		w.para(w.t("big.asc", w.asSign(asc), asDeg(c.Ascendant), w.t("signq."+asc.String())), w.t("asc.note"))
		mc, _, _ := astro.Zodiac(c.Midheaven)
		w.para(w.t("big.mc", w.asSign(mc), asDeg(c.Midheaven), w.t("signq."+mc.String())))
	} else {
		w.para(w.t("big.noasc"))
	}

	if c.HasAngles {
		w.heading(w.t("h.angular"))
		ang := astroAngulars(c)
		if len(ang) == 0 {
			w.para(w.t("ang.none"))
		}
		var items []string
		for _, a := range ang {
			items = append(items, w.t("ang.line", w.asBody(a.Body), w.t("angle."+a.Angle), astroOrb(a.Orb), w.t("fn."+a.Body.String()), w.t("angfn."+a.Angle)))
		}
		w.list(items)
	}

	w.heading(w.t("h.planets"))
	var items []string
	for _, b := range []astro.Body{astro.Mercury, astro.Venus, astro.Mars, astro.Jupiter, astro.Saturn} {
		items = append(items, w.asPlacement(c, b))
	}
	w.list(items)
	var retro []string
	for _, b := range astroFactBodies[2:10] {
		if c.Bodies[b].Retrograde {
			retro = append(retro, w.asBody(b))
		}
	}
	if len(retro) > 0 {
		w.para(w.t("retro.line", w.and(retro)))
	}

	w.heading(w.t("h.aspects"))
	tight := astroTightAspects(c, astroReadingOrb)
	if len(tight) > astroReadingAspects {
		tight = tight[:astroReadingAspects]
	}
	if len(tight) == 0 {
		w.para(w.t("asp.none"))
	}
	items = items[:0]
	for _, a := range tight {
		items = append(items, w.asAspectLine(a))
	}
	w.list(items)

	w.heading(w.t("h.summary"))
	w.para(w.t("summary", w.asSign(sun), w.asSign(moon)), w.t("closing"))
}

// asAspectLine is one natal aspect.
func (w *builtinWriter) asAspectLine(a astro.Aspect) string {
	return w.t("asp.line", w.asBody(a.A), w.asKind(a.Kind), w.asBody(a.B), astroOrb(a.Orb),
		w.t("aspm."+a.Kind.String()), w.t("fn."+a.A.String()), w.t("fn."+a.B.String()))
}

// astroSlow reports a slow transiting body (Jupiter … Pluto).
func astroSlow(b astro.Body) bool { return b >= astro.Jupiter && b <= astro.Pluto }

// asTransitLine is one transit with its exact date.
func (w *builtinWriter) asTransitLine(tr *astro.TransitReport, a astro.TransitAspect) string {
	state := w.t("t.sep")
	if a.Applying {
		state = w.t("t.app")
	}
	if a.Retrograde {
		state += w.t("t.retro")
	}
	exact := ""
	if a.HasExact {
		exact = w.t("t.exact", w.asDate(a.Exact.In(tr.Day.Location())))
	}
	return w.t("t.line", w.asBody(a.Transit), w.asKind(a.Kind), w.asTarget(a.Natal), astroOrb(a.Orb), state, exact,
		w.t("tfn."+a.Transit.String()), w.t("taspm."+a.Kind.String()), w.asTargetFn(a.Natal))
}

// astroTransitReading writes the reading of one day's transits.
func (w *builtinWriter) astroTransitReading(c *astro.Chart, tr *astro.TransitReport) {
	w.label()
	w.heading(w.t("t.title", w.asDate(tr.Day)))
	sun, moon := tr.Sky[astro.Sun], tr.Sky[astro.Moon]
	w.para(w.t("t.sky", w.asDate(tr.Day), w.asSign(sun.Sign), w.asSign(moon.Sign), w.asHouse(moon.House)),
		w.t("t.count", len(tr.Aspects)))
	if len(tr.Aspects) == 0 {
		w.para(w.t("t.none"))
		w.para(w.t("t.closing"))
		return
	}
	var slow, fast []string
	for _, a := range tr.Aspects {
		if astroSlow(a.Transit) {
			slow = append(slow, w.asTransitLine(tr, a))
		} else {
			fast = append(fast, w.asTransitLine(tr, a))
		}
	}
	w.heading(w.t("h.t.slow"))
	if len(slow) == 0 {
		w.para(w.t("t.noslow"))
	}
	w.list(slow)
	w.heading(w.t("h.t.fast"))
	if len(fast) == 0 {
		w.para(w.t("t.nofast"))
	}
	w.list(fast)
	w.heading(w.t("h.summary"))
	top := tr.Aspects[0]
	w.para(w.t("t.summary", w.asBody(top.Transit), w.asKind(top.Kind), w.asTarget(top.Natal), w.t("tfn."+top.Transit.String()), w.asTargetFn(top.Natal)), w.t("t.closing"))
}

// astroAsk is the part of the chart a follow-up question concerns.
type astroAsk struct {
	key    string       // love, career, wealth, health, home, mind, year, "" (general)
	bodies []astro.Body // the bodies to read
	house  int          // the house to read (0: none)
}

// astroQuestion classifies a question with classifyQuestion's topics plus
// home and communication words: love → Venus, the Moon and the 7th house;
// career → the Sun, Saturn and the 10th (the Midheaven); money → Venus,
// Jupiter and the 2nd; health → Mars, the Moon and the 6th; home → the Moon
// and the 4th; mind → Mercury and the 3rd; the year → the transits.
func astroQuestion(q string, thisYear int) astroAsk {
	lq := strings.ToLower(q)
	for _, k := range astroAskWords {
		if ziweiHasAny(lq, k.words) {
			return k.ask
		}
	}
	switch classifyQuestion(q, thisYear).topic {
	case "career":
		return astroAsks["career"]
	case "relationships":
		return astroAsks["love"]
	case "wealth":
		return astroAsks["wealth"]
	case "health":
		return astroAsks["health"]
	case "year", "luck":
		return astroAsk{key: "year"}
	}
	return astroAsk{}
}

var astroAsks = map[string]astroAsk{
	"love":   {key: "love", bodies: []astro.Body{astro.Venus, astro.Moon, astro.Mars}, house: 7},
	"career": {key: "career", bodies: []astro.Body{astro.Sun, astro.Saturn, astro.Jupiter}, house: 10},
	"wealth": {key: "wealth", bodies: []astro.Body{astro.Venus, astro.Jupiter}, house: 2},
	"health": {key: "health", bodies: []astro.Body{astro.Mars, astro.Moon, astro.Sun}, house: 6},
	"home":   {key: "home", bodies: []astro.Body{astro.Moon}, house: 4},
	"mind":   {key: "mind", bodies: []astro.Body{astro.Mercury}, house: 3},
}

// astroAskWords are checked before classifyQuestion: the astrology-only
// subjects (home, communication) and the planets named outright.
var astroAskWords = []struct {
	words []string
	ask   astroAsk
}{
	{[]string{"venus", "金星", "7th house", "第七宫", "第七宮", "금성", "7하우스", "第7ハウス"}, astroAsks["love"]},
	{[]string{"midheaven", "mc", "10th house", "天顶", "天頂", "第十宫", "第十宮", "土星", "saturn", "천정", "10하우스", "토성", "第10ハウス"}, astroAsks["career"]},
	{[]string{"home", "family", "house and home", "家庭", "家里", "家裡", "家人", "4th house", "第四宫", "第四宮",
		"家族", "住まい", "第4ハウス", "집", "가정", "가족", "4하우스"}, astroAsks["home"]},
	{[]string{"study", "studies", "communication", "communicate", "writing", "school", "mercury", "学业", "學業", "学习", "學習", "沟通", "溝通", "水星",
		"勉強", "学業", "コミュニケーション", "공부", "학업", "소통", "수성", "글쓰기"}, astroAsks["mind"]},
}

// astroFollowUp writes a short answer to q from the chart's facts.
func (w *builtinWriter) astroFollowUp(req *Request, q string) {
	c := req.Astro
	a := astroQuestion(q, req.Now.Year())
	w.para(w.t("fu.open"))
	sun, moon := c.Bodies[astro.Sun].Sign, c.Bodies[astro.Moon].Sign
	w.para(w.t("fu.base", w.asSign(sun), w.asSign(moon)))
	switch {
	case a.key == "year":
		if req.Transits == nil || len(req.Transits.Aspects) == 0 {
			w.para(w.t("fu.notransits"))
			break
		}
		var items []string
		for i, t := range req.Transits.Aspects {
			if i == 3 {
				break
			}
			items = append(items, w.asTransitLine(req.Transits, t))
		}
		w.para(w.t("fu.year", w.asDate(req.Transits.Day)))
		w.list(items)
	case a.key != "":
		w.para(w.t("fa."+a.key, w.t("house."+itoa(a.house))))
		var items []string
		for _, b := range a.bodies {
			items = append(items, w.asPlacement(c, b))
		}
		w.list(items)
		if c.HasAngles {
			cusp, _, _ := astro.Zodiac(c.Houses[a.house-1])
			line := w.t("cusp", a.house, w.t("house."+itoa(a.house)), w.asSign(cusp), w.t("signq."+cusp.String()))
			var in []string
			for _, b := range astroFactBodies[:10] {
				if c.Bodies[b].House == a.house {
					in = append(in, w.asBody(b))
				}
			}
			if len(in) > 0 {
				line = w.sentences(line, w.t("cusp.in", w.and(in)))
			}
			w.para(line)
		} else {
			w.para(w.t("fu.nohouses"))
		}
		items = items[:0]
		for _, asp := range astroTightAspects(c, 5) {
			if astroHasBody(a.bodies, asp.A) || astroHasBody(a.bodies, asp.B) {
				items = append(items, w.asAspectLine(asp))
				if len(items) == 3 {
					break
				}
			}
		}
		if len(items) > 0 {
			w.para(w.t("fu.aspects"))
			w.list(items)
		}
		if req.Transits != nil {
			items = items[:0]
			for _, t := range req.Transits.Aspects {
				if !t.Natal.IsAngle() && astroHasBody(a.bodies, astro.Body(t.Natal)) || a.key == "career" && t.Natal == astro.TargetMC {
					items = append(items, w.asTransitLine(req.Transits, t))
				}
			}
			if len(items) > 0 {
				w.para(w.t("fu.transits", w.asDate(req.Transits.Day)))
				w.list(items)
			}
		}
		if a.key == "health" {
			w.para(w.t("fu.health"))
		}
	default:
		if c.HasAngles {
			asc, _, _ := astro.Zodiac(c.Ascendant)
			w.para(w.t("big.asc", w.asSign(asc), asDeg(c.Ascendant), w.t("signq."+asc.String())))
		}
		if tight := astroTightAspects(c, astroReadingOrb); len(tight) > 0 {
			w.para(w.t("fu.tightest"))
			w.list([]string{w.asAspectLine(tight[0])})
		}
		w.para(w.t("fu.general"))
	}
	w.para(w.t("fu.note"))
}

func astroHasBody(bs []astro.Body, b astro.Body) bool {
	for _, x := range bs {
		if x == b {
			return true
		}
	}
	return false
}
