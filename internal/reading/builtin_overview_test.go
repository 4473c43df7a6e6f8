package reading

import (
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/overviewinput"
)

// ovQuery is 1990-01-01 06:30 in New York (Sun Capricorn, Moon Pisces,
// Sagittarius rising); ovQueryNoTime is the same day without the time.
const (
	ovQuery       = "date=1990-01-01&time=06:30&tz=America/New_York&lat=40.7128&lon=-74.006&gender=female&name=Ada"
	ovQueryNoTime = "date=1990-01-01&tz=America/New_York&lat=40.7128&lon=-74.006&gender=female"
	ovQueryOther  = "date=1984-07-19&time=14:10&tz=Asia/Shanghai&lat=31.23&lon=121.47&gender=male"
)

func ovRequest(t testing.TB, query string, lang i18n.Lang) Request {
	t.Helper()
	o, err := overviewinput.Open(query, builtinNow)
	if err != nil {
		t.Fatal(err)
	}
	req := Request{Topic: TopicOverview, Lang: lang, Now: builtinNow, Name: o.Name,
		Chart: o.Chart.Chart, Astro: o.Astro.Chart, Points: o.Points}
	if o.Board != nil {
		req.Board, req.Horoscope = o.Board.Board, &o.Board.Horoscope
	}
	return req
}

func TestOverviewBuiltinWritesEveryLanguage(t *testing.T) {
	for _, lang := range i18n.Langs {
		for _, q := range []string{ovQuery, ovQueryNoTime} {
			req := ovRequest(t, q, lang)
			text, err := (&Builtin{}).Text(req)
			if err != nil {
				t.Fatalf("%s: %v", lang, err)
			}
			if strings.Contains(text, "[[") || strings.Contains(text, "overview.") || strings.Contains(text, "term.") || strings.Contains(text, "%!") {
				t.Errorf("%s %s: a missing phrase or key:\n%s", lang, q, text)
			}
			if n := strings.Count(text, "\n## "); n < 5 {
				t.Errorf("%s: %d sections, want an introduction, self, work, relationships, agreement and a closing:\n%s", lang, n, text)
			}
			again, _ := (&Builtin{}).Text(req)
			if again != text {
				t.Errorf("%s: the same input wrote different text", lang)
			}
		}
	}
	en, _ := (&Builtin{}).Text(ovRequest(t, ovQuery, i18n.English))
	for _, want := range []string{"Ada", "Capricorn", "Pisces", "Sagittarius", "Life Palace", "Rule:", "agree", "Midheaven", "Descendant"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English reading does not mention %q:\n%s", want, en)
		}
	}
	zh, _ := (&Builtin{}).Text(ovRequest(t, ovQuery, i18n.SimplifiedChinese))
	for _, want := range []string{"摩羯", "命宫", "五行局", "规则"} {
		if !strings.Contains(zh, want) {
			t.Errorf("the Chinese reading does not mention %q:\n%s", want, zh)
		}
	}
	notime, _ := (&Builtin{}).Text(ovRequest(t, ovQueryNoTime, i18n.English))
	if !strings.Contains(notime, "without the hour of birth") || !strings.Contains(notime, "not compared") {
		t.Errorf("without a time the reading does not say what is missing:\n%s", notime)
	}
	other, _ := (&Builtin{}).Text(ovRequest(t, ovQueryOther, i18n.English))
	if other == en {
		t.Error("different births wrote the same reading")
	}
}

func TestOverviewFollowUpNamesItsTheme(t *testing.T) {
	cases := []struct{ q, want, not string }{
		{"What about my career?", "## Work and career", "## Relationships"},
		{"我的感情怎么样？", "## 感情与婚姻", "## 事业与工作"},
		{"What does Zi Wei say?", "What Zi Wei says here", "## Work"},
		{"Anything else?", "## Where the systems agree and differ", "## Work"},
	}
	for _, c := range cases {
		req := ovRequest(t, ovQuery, i18n.English)
		req.Question = c.q
		text, err := (&Builtin{}).Text(req)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, c.want) || strings.Contains(text, c.not) || strings.Contains(text, "[[") {
			t.Errorf("%q: want %q and not %q:\n%s", c.q, c.want, c.not, text)
		}
	}
}

func TestOverviewPromptHasEverySystem(t *testing.T) {
	req := ovRequest(t, ovQuery, i18n.English)
	system, msgs := BuildPrompt(req)
	for _, want := range []string{"BaZi chart facts", "day_master", "Zi Wei Dou Shu board facts", "命宫", "Western natal chart facts", "Capricorn", "Agreement points", "element (self)", "air→wood", "career (work)", "relationships (relationships)"} {
		if !strings.Contains(strings.ToLower(system), strings.ToLower(want)) {
			t.Errorf("the system prompt lacks %q", want)
		}
	}
	if strings.Contains(system, "Ada") {
		t.Error("the name is in the system prompt")
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0].Content, "Ada") {
		t.Errorf("the name is not in the user message: %+v", msgs)
	}
	nt, _ := BuildPrompt(ovRequest(t, ovQueryNoTime, i18n.English))
	if !strings.Contains(nt, "board: unavailable") || !strings.Contains(nt, "needs the birth time") {
		t.Error("without a time the prompt does not say the board and angles are missing")
	}
}
