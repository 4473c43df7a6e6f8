package reading

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

func TestClassifyQuestion(t *testing.T) {
	cases := []struct {
		q      string
		topic  string
		years  bool
		change bool
		year   int
		pillar int
		gz     string
	}{
		{q: "哪些年份适合换工作?", topic: "career", years: true, change: true, pillar: -1},
		{q: "What about 2027?", topic: "year", year: 2027, pillar: -1},
		{q: "明年运势如何？", topic: "year", year: 2027, pillar: -1},
		{q: "How is next year for my career?", topic: "career", year: 2027, pillar: -1},
		{q: "後年的感情呢？", topic: "relationships", year: 2028, pillar: -1},
		{q: "以后年份的财运？", topic: "wealth", years: true, pillar: -1},
		{q: "When will I meet someone?", topic: "relationships", years: true, pillar: -1},
		{q: "Tell me about my day pillar", pillar: bazi.PosDay},
		{q: "我的时柱代表什么", pillar: bazi.PosHour},
		{q: "甲子年怎么样？", gz: "甲子", pillar: -1},
		{q: "我自己未来的大运", topic: "luck", pillar: -1},
		{q: "Anything else?", pillar: -1},
	}
	for _, tc := range cases {
		got := classifyQuestion(tc.q, 2026)
		want := builtinQuestion{topic: tc.topic, years: tc.years, change: tc.change, year: tc.year, pillar: tc.pillar}
		if tc.gz != "" {
			want.gz, want.hasGZ = bazi.ParseGanZhi(tc.gz)
		}
		if got != want {
			t.Errorf("%q: got %+v, want %+v", tc.q, got, want)
		}
	}
}

// The years a "which years" answer lists, in English or Chinese: the year,
// its pillar, its ten god and the 大运 it falls in.
var (
	builtinPickEN = regexp.MustCompile(`(?m)^- \*\*(\d{4}), (\S\S)\*\*: ([^,]+), in your \*\*(\S\S)\*\* luck pillar`)
	builtinPickZH = regexp.MustCompile(`(?m)^- \*\*(\d{4})年(\S\S)\*\*：流年天干[为為](\S+?)，行\*\*(\S\S)\*\*大[运運]`)
)

// TestBuiltinFollowUpAnswersTheQuestion: for a fixed chart and "now", the
// built-in reader answers the question asked from the chart's facts.
func TestBuiltinFollowUpAnswersTheQuestion(t *testing.T) {
	male := builtinChart(t, "1990-05-17", "14:30", "male")
	female := builtinChart(t, "1985-12-03", "08:10", "female")
	ask := func(c *bazi.Chart, lang i18n.Lang, q string) string {
		return builtinText(t, Request{Chart: c, Lang: lang, Question: q, Now: builtinNow})
	}
	checkPicks := func(c *bazi.Chart, lang i18n.Lang, q string, min int) {
		t.Helper()
		a := ask(c, lang, q)
		re := builtinPickEN
		if lang != i18n.English {
			re = builtinPickZH
		}
		ms := re.FindAllStringSubmatch(a, -1)
		if len(ms) < min {
			t.Fatalf("%s %q: %d years named, want ≥ %d:\n%s", lang, q, len(ms), min, a)
		}
		w := newBuiltinWriter(Request{Chart: c, Lang: lang, Now: builtinNow})
		for _, m := range ms {
			y, _ := strconv.Atoi(m[1])
			gz := yearGanZhi(y)
			lp := w.f.luckAt(y)
			if m[2] != gz.String() || lp == nil || m[4] != lp.GanZhi.String() || !strings.HasPrefix(w.god(bazi.TenGodOf(c.DayMaster.Stem, gz.Stem())), m[3]) {
				t.Errorf("%s %q: %q is not %d's pillar %s, ten god and 大运 %v", lang, q, m[0], y, gz, lp)
			}
			if y < 2026 || y > 2035 {
				t.Errorf("%s %q: %d is not a coming year", lang, q, y)
			}
		}
	}
	checkPicks(male, i18n.SimplifiedChinese, "哪些年份适合换工作?", 2)
	checkPicks(female, i18n.SimplifiedChinese, "哪些年份适合换工作?", 2)
	checkPicks(male, i18n.English, "Which years suit a job change?", 2)
	checkPicks(female, i18n.TraditionalChinese, "哪些年份財運好？", 2)
	checkPicks(male, i18n.English, "When will I meet someone?", 2)
	checkPicks(female, i18n.English, "Which years are good?", 2)

	// A career answer names the ten gods the reader's career rules look for.
	a := ask(male, i18n.SimplifiedChinese, "哪些年份适合换工作?")
	for _, m := range builtinPickZH.FindAllStringSubmatch(a, -1) {
		if !strings.Contains("正官七杀正印偏印食神伤官正财偏财", m[3]) {
			t.Errorf("career year %s has ten god %s", m[1], m[3])
		}
	}

	// A named year: its pillar, ten god and 大运.
	for _, tc := range []struct {
		lang i18n.Lang
		q    string
		want []string
	}{
		{i18n.English, "What about 2027?", []string{"2027 is a **丁未** year", "Direct Wealth (正财)", "**乙酉** luck pillar"}},
		{i18n.SimplifiedChinese, "2027年怎么样？", []string{"2027年为**丁未**流年", "正财", "**乙酉**大运"}},
		{i18n.SimplifiedChinese, "明年呢？", []string{"2027年为**丁未**流年"}},
		{i18n.TraditionalChinese, "2030年的事業如何？", []string{"2030年為**庚戌**流年", "就事業而言"}},
		{i18n.SimplifiedChinese, "甲子年怎么样？", []string{"2044年为**甲子**流年"}},
		{i18n.English, "Tell me about my day pillar", []string{"Your day pillar is **" + male.Pillars.Day.Name + "**", "spouse palace"}},
		{i18n.English, "How is my luck pillar?", []string{"**乙酉** luck pillar (大运) runs 2026–2035", "This is your current luck pillar"}},
	} {
		a := ask(male, tc.lang, tc.q)
		for _, w := range tc.want {
			if !strings.Contains(a, w) {
				t.Errorf("%s %q: missing %q in:\n%s", tc.lang, tc.q, w, a)
			}
		}
	}

	// Love: a woman's chart is read through 官杀, a man's through 财
	// (Japanese and Korean books say 官星 and 財星, 관성(官星) and 재성(財星)).
	for _, lang := range i18n.Langs {
		fa, ma := ask(female, lang, builtinLoveQ[lang]), ask(male, lang, builtinLoveQ[lang])
		tab := builtinPhrases[lang]
		if !strings.Contains(fa, "官杀") && !strings.Contains(fa, "官殺") && !strings.Contains(fa, "官星") || !strings.Contains(fa, tab["love.star.female"]) || strings.Contains(fa, tab["love.star.male"]) {
			t.Errorf("%s: a woman's love answer does not speak of 官杀:\n%s", lang, fa)
		}
		if !strings.Contains(ma, "财") && !strings.Contains(ma, "財") || !strings.Contains(ma, tab["love.star.male"]) || strings.Contains(ma, tab["love.star.female"]) {
			t.Errorf("%s: a man's love answer does not speak of 财:\n%s", lang, ma)
		}
	}
}

var builtinLoveQ = map[i18n.Lang]string{
	i18n.English: "Will I find love?", i18n.SimplifiedChinese: "我的婚姻如何？", i18n.TraditionalChinese: "我的婚姻如何？",
	i18n.Japanese: "私の恋愛運はどうですか？", i18n.Korean: "제 연애운은 어떤가요?",
}

// TestBuiltinFollowUpLanguage: the answer is in the question's language
// when it is plainly another of the reader's languages, else the page's.
func TestBuiltinFollowUpLanguage(t *testing.T) {
	c := builtinChart(t, "1990-05-17", "14:30", "male")
	for _, tc := range []struct {
		page i18n.Lang
		q    string
		want i18n.Lang
	}{
		{i18n.English, "What about 2027?", i18n.English},
		{i18n.English, "哪些年份适合换工作?", i18n.SimplifiedChinese},
		{i18n.English, "財運怎麼樣？", i18n.TraditionalChinese},
		{i18n.SimplifiedChinese, "哪些年份适合换工作?", i18n.SimplifiedChinese},
		{i18n.TraditionalChinese, "哪些年份適合換工作?", i18n.TraditionalChinese},
		{i18n.TraditionalChinese, "What about 2027?", i18n.English},
		{i18n.SimplifiedChinese, "2027?", i18n.SimplifiedChinese},
	} {
		a := builtinText(t, Request{Chart: c, Lang: tc.page, Question: tc.q, Now: builtinNow})
		if !strings.HasPrefix(a, builtinPhrases[tc.want]["fu.open"]) || !strings.Contains(a, builtinPhrases[tc.want]["fu.note"]) {
			t.Errorf("page %s, %q: not answered in %s:\n%s", tc.page, tc.q, tc.want, a)
		}
	}
}

// builtinOperatorText is what only the operator of the site should read:
// how to configure AI providers.
var builtinOperatorText = []string{"configure", "Configure", "OpenAI", "Anthropic", "API", "provider", "配置", "設定", "AI 服务", "AI 服務"}

// TestBuiltinNoOperatorText: no built-in text, reading or follow-up, of any
// topic, language or chart, single or pair, tells the user to configure
// anything.
func TestBuiltinNoOperatorText(t *testing.T) {
	for lang, tab := range builtinPhrases {
		for k, v := range tab {
			for _, bad := range builtinOperatorText {
				if strings.Contains(v, bad) {
					t.Errorf("%s phrase %s has %q: %s", lang, k, bad, v)
				}
			}
		}
	}
	charts := builtinCharts(t)
	names := builtinSortedKeys(charts)
	nows := []time.Time{builtinNow, time.Date(2031, 3, 1, 0, 0, 0, 0, time.UTC)}
	for i, name := range names {
		c := charts[name]
		partner := charts[names[(i+1)%len(names)]]
		for _, lang := range i18n.Langs {
			for _, now := range nows {
				var texts []string
				for _, topic := range Topics {
					texts = append(texts, builtinText(t, Request{Chart: c, Topic: topic, Lang: lang, Now: now}))
				}
				for _, q := range builtinQuestions {
					texts = append(texts, builtinText(t, Request{Chart: c, Lang: lang, Question: q, Now: now}),
						builtinText(t, Request{Chart: c, Partner: partner, Lang: lang, Question: q, Now: now}))
				}
				texts = append(texts, builtinText(t, Request{Chart: c, Partner: partner, Topic: TopicCompatibility, Lang: lang, Now: now}))
				for _, s := range texts {
					if strings.Contains(s, "[[") || strings.Contains(s, "%!") {
						t.Errorf("%s %s: missing phrase or bad verb:\n%s", name, lang, s)
					}
					for _, bad := range builtinOperatorText {
						if strings.Contains(s, bad) {
							t.Errorf("%s %s: operator text %q in:\n%s", name, lang, bad, s)
						}
					}
				}
			}
		}
	}
}
