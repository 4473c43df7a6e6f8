package reading

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// builtinManyDates are birth dates and times spread over the sexagenary
// cycles, the seasons and the hours, for tests that sweep many charts.
func builtinManyDates() [][2]string {
	var out [][2]string
	for i := 0; i < 24; i++ {
		d := time.Date(1950+i*3, time.Month(1+i%12), 1+(i*7)%28, 0, 0, 0, 0, time.UTC)
		tm := fmt.Sprintf("%02d:%02d", (i*5)%24, (i*13)%60)
		if i%7 == 3 {
			tm = ""
		}
		out = append(out, [2]string{d.Format("2006-01-02"), tm})
	}
	return out
}

// builtinQuestions are follow-up questions on every topic, in the three
// languages.
var builtinQuestions = []string{
	"哪些年份适合换工作?", "我的婚姻如何？", "財運怎麼樣？", "健康方面要注意什么？", "明年运势如何？",
	"What about 2027?", "When will I meet someone?", "Which years are good for money?", "Tell me about my day pillar",
	"甲子年怎么样？", "我的大运如何？", "Anything else?",
}

// TestBuiltinGenderedTextFollowsTheChart: a woman's chart is never told
// what is said of a man's chart and the other way round, in any topic,
// follow-up or language.
func TestBuiltinGenderedTextFollowsTheChart(t *testing.T) {
	wrong := map[bool]map[i18n.Lang][]string{ // male → phrases a man's chart must not get
		true: {
			i18n.English:            {"woman's chart", "for women", "husband"},
			i18n.SimplifiedChinese:  {"女命", "夫星", "丈夫"},
			i18n.TraditionalChinese: {"女命", "夫星", "丈夫"},
			i18n.Japanese:           {"女命"},
			i18n.Korean:             {"女命", "여명"},
		},
		false: {
			i18n.English:            {" man's chart", "for men", "wife"},
			i18n.SimplifiedChinese:  {"男命", "妻星", "妻子"},
			i18n.TraditionalChinese: {"男命", "妻星", "妻子"},
			i18n.Japanese:           {"男命"},
			i18n.Korean:             {"男命", "남명"},
		},
	}
	dates := builtinManyDates()[:12]
	seen := map[string]bool{}
	for _, d := range dates {
		for _, gender := range []string{"male", "female"} {
			c := builtinChart(t, d[0], d[1], gender)
			male := gender == "male"
			for _, lang := range i18n.Langs {
				var texts []string
				for _, topic := range Topics {
					texts = append(texts, builtinText(t, Request{Chart: c, Topic: topic, Lang: lang, Now: builtinNow}))
				}
				for _, q := range builtinQuestions {
					texts = append(texts, builtinText(t, Request{Chart: c, Lang: lang, Question: q, Now: builtinNow}))
				}
				for _, s := range texts {
					for _, bad := range wrong[male][lang] {
						if strings.Contains(s, bad) {
							t.Errorf("%s %s %s: %q in:\n%s", d, gender, lang, bad, s)
						}
					}
					// The right gender is named where it matters.
					for _, ok := range wrong[!male][lang] {
						if strings.Contains(s, ok) {
							seen[gender+"/"+string(lang)] = true
						}
					}
				}
			}
		}
	}
	for _, g := range []string{"male", "female"} {
		for _, lang := range i18n.Langs {
			if !seen[g+"/"+string(lang)] {
				t.Errorf("no %s chart in %s was told anything gendered: the test checks nothing", g, lang)
			}
		}
	}
}

// TestBuiltinOneVerdictPerPeriod: over many charts and years, every month
// of the year reading is listed under one verdict at most, a month whose
// branch clashes the day branch is never called smooth, and a year or 大运
// that clashes the day branch is never called favourable.
func TestBuiltinOneVerdictPerPeriod(t *testing.T) {
	nows := []time.Time{builtinNow, time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2031, 3, 1, 0, 0, 0, 0, time.UTC)}
	clashYears := 0
	for _, d := range builtinManyDates() {
		c := builtinChart(t, d[0], d[1], "female")
		dayBr := c.Pillars.Day.GanZhi.Branch()
		for _, now := range nows {
			for _, lang := range i18n.Langs {
				req := Request{Chart: c, Topic: TopicYear, Lang: lang, Now: now}
				s := builtinText(t, req)
				w := newBuiltinWriter(req)
				tab := builtinPhrases[lang]
				lines := map[string]string{}
				for _, key := range []string{"ym.good", "ym.hard", "ym.clash"} {
					prefix := strings.SplitN(tab[key], "%", 2)[0]
					for _, line := range strings.Split(s, "\n") {
						if strings.HasPrefix(line, "- "+prefix) {
							lines[key] = line
						}
					}
				}
				id := fmt.Sprintf("%s %s %s %d", d[0], d[1], lang, w.f.luck.year)
				months, _ := bazi.LiuYue(w.f.luck.year)
				for _, m := range months {
					g, _ := bazi.ParseGanZhi(m.GanZhi)
					name := w.monthName(m, g)
					var in []string
					for key, line := range lines {
						if strings.Contains(line, name) {
							in = append(in, key)
						}
					}
					if len(in) > 1 {
						t.Errorf("%s: %s is under %v", id, name, in)
					}
					if biBranchClash(g.Branch(), dayBr) && (len(in) != 1 || in[0] != "ym.clash") {
						t.Errorf("%s: %s clashes the day branch but is under %v", id, name, in)
					}
				}
				y := w.f.luck.yearGZ
				if biBranchClash(y.Branch(), dayBr) {
					clashYears++
					for _, key := range []string{"yr.advice.good", "yr.advice.mixed", "yr.advice.neutral", "yr.advice.hard"} {
						if strings.Contains(s, tab[key]) {
							t.Errorf("%s: a year clashing the day branch gets %s", id, key)
						}
					}
					if !strings.Contains(s, tab["yr.advice.clash"]) || strings.Contains(s, w.t("year.els", w.el(y.Stem().Element()), w.el(y.Branch().Element()), w.t("v.good"))) {
						t.Errorf("%s: a year clashing the day branch is not read as change:\n%s", id, s)
					}
				}
				if l := w.f.luck; l.phase == 1 && biBranchClash(l.pillar.Branch(), dayBr) &&
					strings.Contains(s, w.t("luck.els", w.el(l.pillar.Stem().Element()), w.el(l.pillar.Branch().Element()), w.t("v.good"))) {
					t.Errorf("%s: a 大运 clashing the day branch is called favourable", id)
				}
			}
		}
	}
	if clashYears == 0 {
		t.Error("no chart's year clashes its day branch: the year rule is not exercised")
	}
}

// questionIn is a follow-up question as a reader of lang writes it: en in
// English, zh in either Chinese, ja in Japanese and ko in Korean (a
// question of Han characters alone on a Korean page is read as Chinese).
func questionIn(lang i18n.Lang, en, zh, ja, ko string) string {
	switch lang {
	case i18n.English:
		return en
	case i18n.Japanese:
		return ja
	case i18n.Korean:
		return ko
	}
	return zh
}
