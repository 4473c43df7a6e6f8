package reading

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/astro"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

func asChart(t testing.TB, date, clock, tz string, lat, lon float64) *astro.Chart {
	t.Helper()
	r := astro.Request{Date: date, Time: clock, TZ: tz}
	if clock != "" {
		r.Lat, r.Lon = &lat, &lon
	}
	in, err := r.Parse()
	if err != nil {
		t.Fatal(err)
	}
	c, err := astro.Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// asTestChart is 1990-01-01 06:30 New York: Sun 10°47′ Capricorn, Moon
// 2°59′ Pisces, Ascendant 27°40′ Sagittarius, Midheaven 20°56′ Libra,
// Jupiter 7°29′ from the Descendant, Pluto square the node within 0°14′.
func asTestChart(t testing.TB) *astro.Chart {
	return asChart(t, "1990-01-01", "06:30", "America/New_York", 40.7128, -74.006)
}

func asTestTransits(t testing.TB, c *astro.Chart) *astro.TransitReport {
	ny, _ := time.LoadLocation("America/New_York")
	tr, err := astro.Transits(c, time.Date(2026, 12, 6, 0, 0, 0, 0, ny), ny)
	if err != nil {
		t.Fatal(err)
	}
	return &tr
}

func asRequest(c *astro.Chart, tr *astro.TransitReport, lang i18n.Lang) Request {
	return Request{Topic: TopicAstro, Astro: c, Transits: tr, Lang: lang, Now: builtinNow}
}

func asW(lang i18n.Lang) *builtinWriter {
	return newBuiltinWriter(Request{Topic: TopicAstro, Lang: lang})
}

func TestAstroTestChart(t *testing.T) {
	c := asTestChart(t)
	asc, _, _ := astro.Zodiac(c.Ascendant)
	if c.Bodies[astro.Sun].Sign != astro.Capricorn || c.Bodies[astro.Moon].Sign != astro.Pisces || asc != astro.Sagittarius {
		t.Fatalf("test chart changed: %v %v %v", c.Bodies[astro.Sun].Sign, c.Bodies[astro.Moon].Sign, asc)
	}
}

// TestAstroPromptFacts: the prompt states the big three, every body with
// sign, degree, house and retrograde, the angles, the angular planets and
// the tight aspects with orbs; a transit prompt adds the transits with
// their exact dates; the persona keeps the safety rules, and user text
// stays out of the system prompt.
func TestAstroPromptFacts(t *testing.T) {
	c := asTestChart(t)
	req := asRequest(c, nil, i18n.English)
	req.Name = "Ada <script>"
	sys, msgs := BuildPrompt(req)
	for _, want := range []string{
		"Western astrology reader",
		"never predict death",
		"Do not give medical, legal or financial advice",
		"big_three: Sun in Capricorn, Moon in Pisces, Ascendant in Sagittarius",
		"angles: Ascendant 27°40′ Sagittarius, Midheaven 20°56′ Libra; houses: placidus",
		"- Sun: 10°47′ Capricorn, house 1\n",
		"- Mercury: 25°40′ Capricorn, house 1, retrograde\n",
		"- North Node: 16°52′ Aquarius, house 2\n",
		"angular_planets: Jupiter on the Descendant (orb 7°29′)",
		"- Pluto square North Node, orb 0°14′, separating\n",
		"- Sun conjunction Neptune, orb 1°15′, applying\n",
	} {
		if !strings.Contains(sys, want) {
			t.Errorf("prompt lacks %q:\n%s", want, sys)
		}
	}
	if strings.Contains(sys, "Ada") || strings.Contains(sys, "transit_day") {
		t.Error("name or transits in the system prompt")
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0].Content, "astrology reading") || !strings.Contains(msgs[0].Content, "Ada <script>") {
		t.Errorf("%+v", msgs)
	}
	req.Transits = asTestTransits(t, c)
	sys, msgs = BuildPrompt(req)
	for _, want := range []string{
		"transit reading",
		"transit_day: 2026-12-06",
		"- transiting Uranus square natal Moon, orb 0°14′, applying, exact 2026-12-12\n",
		"- transiting Jupiter trine natal Ascendant, orb 0°43′, applying\n",
	} {
		if !strings.Contains(sys, want) {
			t.Errorf("transit prompt lacks %q", want)
		}
	}
	if !strings.Contains(msgs[0].Content, "2026-12-06") {
		t.Errorf("%+v", msgs)
	}
	for _, l := range []i18n.Lang{i18n.SimplifiedChinese, i18n.TraditionalChinese} {
		sys, _ := BuildPrompt(asRequest(c, nil, l))
		if !strings.Contains(sys, "Chinese") {
			t.Errorf("%s: %s", l, sys[:200])
		}
	}
	sys, _ = BuildPrompt(Request{Topic: TopicAstro, Astro: &astro.Chart{}})
	if !strings.Contains(sys, "chart: unavailable") {
		t.Error("zero chart")
	}
}

// TestAstroBuiltinAllLanguages: the natal reading names the big three's
// signs in its big-three section, the angular Jupiter, and the tightest
// aspect; the transit reading the tightest transit with its exact date.
func TestAstroBuiltinAllLanguages(t *testing.T) {
	c := asTestChart(t)
	tr := asTestTransits(t, c)
	for _, lang := range i18n.Langs {
		w := asW(lang)
		s := builtinText(t, asRequest(c, nil, lang))
		if strings.Contains(s, "[[") || strings.Contains(s, "%!") {
			t.Errorf("%s: missing phrase or bad verb:\n%s", lang, s)
		}
		if !strings.HasPrefix(s, builtinPhrases[lang]["label"]+"\n\n## "+w.t("title")+"\n") {
			t.Errorf("%s: not labelled and titled: %.120q", lang, s)
		}
		big := zwSection(s, w.t("h.big3"))
		for _, want := range []string{
			w.t("big.sun", w.asSign(astro.Capricorn), "10°47′", w.asHouse(1), w.t("signq.capricorn")),
			w.t("big.moon", w.asSign(astro.Pisces), "2°59′", w.asHouse(2), w.t("signq.pisces")),
			w.t("big.asc", w.asSign(astro.Sagittarius), "27°40′", w.t("signq.sagittarius")),
		} {
			if !strings.Contains(big, want) {
				t.Errorf("%s: big three lacks %q:\n%s", lang, want, big)
			}
		}
		if ang := zwSection(s, w.t("h.angular")); !strings.Contains(ang, "**"+w.asBody(astro.Jupiter)+"**") || !strings.Contains(ang, w.t("angle.dsc")) {
			t.Errorf("%s: angular section:\n%s", lang, ang)
		}
		asp := zwSection(s, w.t("h.aspects"))
		first := w.asAspectLine(astro.Aspect{A: astro.Pluto, B: astro.TrueNode, Kind: astro.Square, Orb: 14.0 / 60})
		if !strings.HasPrefix(strings.TrimSpace(asp), "- "+first) {
			t.Errorf("%s: tightest aspect not first:\n%s\nwant %s", lang, asp, first)
		}
		ts := builtinText(t, asRequest(c, tr, lang))
		if strings.Contains(ts, "[[") || strings.Contains(ts, "%!") {
			t.Errorf("%s: transit text:\n%s", lang, ts)
		}
		slow := zwSection(ts, w.t("h.t.slow"))
		lead := "**" // the transiting body leads its line; Korean puts 트랜짓 before it
		if lang == i18n.Korean {
			lead = "**트랜짓 "
		}
		if !strings.Contains(slow, w.t("t.exact", w.t("date", 2026, 12, 12))) || !strings.Contains(slow, lead+w.asBody(astro.Uranus)) {
			t.Errorf("%s: slow transits:\n%s", lang, slow)
		}
		if !strings.Contains(zwSection(ts, w.t("h.t.fast")), w.asBody(astro.Mars)) {
			t.Errorf("%s: fast transits", lang)
		}
		if ts == s {
			t.Error("transit text is the natal one")
		}
	}
}

// TestAstroBuiltinNoTime: without a birth time there are no angles,
// houses or angular section, and the text says why.
func TestAstroBuiltinNoTime(t *testing.T) {
	c := asChart(t, "1990-01-01", "", "America/New_York", 0, 0)
	for _, lang := range i18n.Langs {
		w := asW(lang)
		s := builtinText(t, asRequest(c, nil, lang))
		if strings.Contains(s, w.t("h.angular")) || !strings.Contains(s, w.t("big.noasc")) || strings.Contains(s, "[[") {
			t.Errorf("%s:\n%s", lang, s)
		}
		q := questionIn(lang, "love?", "感情", "恋愛", "연애")
		s = builtinText(t, Request{Topic: TopicAstro, Astro: c, Lang: lang, Question: q})
		if !strings.Contains(s, w.t("fu.nohouses")) {
			t.Errorf("%s: follow-up without houses:\n%s", lang, s)
		}
	}
}

// TestAstroBuiltinConsistency: every sign, body, aspect kind, house and
// angle has its phrases in every language (the tables agree key for key),
// and charts over two centuries, with and without a time, with their
// transits and questions, give text with no missing phrase, naming the
// Sun's and Moon's signs.
func TestAstroBuiltinConsistency(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.SimplifiedChinese, i18n.TraditionalChinese} {
		tab := builtinAstroPhrases[lang]
		for k := range astroPhrasesEN {
			if strings.TrimSpace(tab[k]) == "" {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		for k := range tab {
			if _, ok := astroPhrasesEN[k]; !ok {
				t.Errorf("%s has %q, English does not", lang, k)
			}
		}
	}
	for _, lang := range i18n.Langs {
		tab := builtinAstroPhrases[lang]
		if tab["label"] != builtinPhrases[lang]["label"] {
			t.Errorf("%s: another label than the BaZi reading's", lang)
		}
		for s := astro.Aries; s <= astro.Pisces; s++ {
			for _, k := range []string{"sign.", "signq."} {
				if tab[k+s.String()] == "" {
					t.Errorf("%s lacks %s%s", lang, k, s)
				}
			}
		}
		for b := astro.Body(0); b < astro.NumBodies; b++ {
			if tab["body."+b.String()] == "" || tab["fn."+b.String()] == "" {
				t.Errorf("%s lacks body %s", lang, b)
			}
			if b <= astro.Pluto && tab["tfn."+b.String()] == "" {
				t.Errorf("%s lacks tfn.%s", lang, b)
			}
		}
		for k := astro.Conjunction; k <= astro.Opposition; k++ {
			for _, p := range []string{"asp.", "aspm.", "taspm."} {
				if tab[p+k.String()] == "" {
					t.Errorf("%s lacks %s%s", lang, p, k)
				}
			}
		}
		for h := 1; h <= 12; h++ {
			if tab["house."+itoa(h)] == "" {
				t.Errorf("%s lacks house %d", lang, h)
			}
		}
	}
	questions := []string{"love?", "my career", "money", "health", "home and family", "study", "this year", "hello", "我的感情", "事業如何", "今年怎样"}
	n := 0
	for y := 1900; y <= 2100; y += 23 {
		for m := 1; m <= 12; m += 5 {
			clock := ""
			if m != 6 {
				clock = fmt.Sprintf("%02d:%02d", (y+m*5)%24, (m*13)%60)
			}
			c := asChart(t, fmt.Sprintf("%04d-%02d-%02d", y, m, 1+(y+m)%28), clock, "UTC", float64((y%120)-60), float64((m*29)%360-180))
			tr, err := astro.Transits(c, time.Date(2026, time.Month(m), 10, 0, 0, 0, 0, time.UTC), nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, lang := range i18n.Langs {
				w := asW(lang)
				for _, req := range []Request{asRequest(c, nil, lang), asRequest(c, &tr, lang)} {
					for _, q := range append([]string{""}, questions[n%len(questions)]) {
						req.Question = q
						s := builtinText(t, req)
						n++
						if strings.Contains(s, "[[") || strings.Contains(s, "%!") {
							t.Fatalf("%d-%d %s %q:\n%s", y, m, lang, q, s)
						}
						if q == "" && req.Transits == nil && (!strings.Contains(s, w.asSign(c.Bodies[astro.Sun].Sign)) || !strings.Contains(s, w.asSign(c.Bodies[astro.Moon].Sign))) {
							t.Fatalf("%d-%d %s: signs missing", y, m, lang)
						}
					}
				}
			}
		}
	}
}

// TestAstroTraditionalHasNoSimplified: the zh-Hant table and text carry
// no simplified-only character.
func TestAstroTraditionalHasNoSimplified(t *testing.T) {
	check := func(id, s string) {
		t.Helper()
		for _, r := range s {
			if strings.ContainsRune(builtinSimplifiedOnly+"宫阳轴冲蝎双处狮", r) {
				t.Errorf("%s: simplified %q", id, r)
				return
			}
		}
	}
	for k, v := range astroPhrasesZhHant {
		check(k, v)
	}
	c := asTestChart(t)
	check("reading", builtinText(t, asRequest(c, asTestTransits(t, c), i18n.TraditionalChinese)))
}

// TestAstroQuestion: questions go to the part of the chart they concern.
func TestAstroQuestion(t *testing.T) {
	for q, want := range map[string]string{
		"Will I find love?":          "love",
		"How is my marriage?":        "love",
		"What about Venus?":          "love",
		"My career this month":       "career",
		"什么工作适合我？":                   "career",
		"Tell me about my Midheaven": "career",
		"Money?":                     "wealth",
		"財運":                         "wealth",
		"health":                     "health",
		"my home":                    "home",
		"家庭":                         "home",
		"How do I communicate?":      "mind",
		"What about this year?":      "year",
		"hello":                      "",
	} {
		if got := astroQuestion(q, 2026).key; got != want {
			t.Errorf("%q: %q, want %q", q, got, want)
		}
	}
}

// TestAstroFollowUp: a love question is answered from Venus, the 7th
// house cusp and the transits to the love planets; health adds the
// doctor note; every language.
func TestAstroFollowUp(t *testing.T) {
	c := asTestChart(t)
	tr := asTestTransits(t, c)
	for _, lang := range i18n.Langs {
		w := asW(lang)
		req := asRequest(c, tr, lang)
		req.Question = questionIn(lang, "love", "感情", "恋愛", "연애")
		s := builtinText(t, req)
		cusp, _, _ := astro.Zodiac(c.Houses[6])
		for _, want := range []string{
			w.t("fu.open"),
			w.asPlacement(c, astro.Venus),
			w.t("cusp", 7, w.t("house.7"), w.asSign(cusp), w.t("signq."+cusp.String())),
			w.t("fu.transits", w.asDate(tr.Day)),
			w.t("fu.note"),
		} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: answer lacks %q:\n%s", lang, want, s)
			}
		}
		req.Question = questionIn(lang, "health", "健康", "健康", "건강")
		if s := builtinText(t, req); !strings.Contains(s, w.t("fu.health")) {
			t.Errorf("%s: health note", lang)
		}
		req.Question = questionIn(lang, "this year", "今年", "今年", "올해")
		if s := builtinText(t, req); !strings.Contains(s, w.t("fu.year", w.asDate(tr.Day))) {
			t.Errorf("%s: year answer:\n%s", lang, s)
		}
	}
}

// TestAstroBuiltinDeterministicAndStreams: the same request gives the same
// text, and the stream sends exactly it; a request without a chart is
// refused.
func TestAstroBuiltinDeterministicAndStreams(t *testing.T) {
	c := asTestChart(t)
	req := asRequest(c, asTestTransits(t, c), i18n.SimplifiedChinese)
	a, b := builtinText(t, req), builtinText(t, req)
	if a != b {
		t.Fatal("not deterministic")
	}
	var sb strings.Builder
	if _, err := NewBuiltin().Stream(context.Background(), req, func(s string) error { sb.WriteString(s); return nil }); err != nil {
		t.Fatal(err)
	}
	if sb.String() != a {
		t.Fatal("stream differs from text")
	}
	if _, err := (&Builtin{}).Text(Request{Topic: TopicAstro}); !errors.Is(err, ErrNoChart) {
		t.Fatal(err)
	}
	if _, err := (&Builtin{}).Text(Request{Topic: TopicAstro, Astro: &astro.Chart{}}); !errors.Is(err, ErrNoChart) {
		t.Fatal(err)
	}
}
