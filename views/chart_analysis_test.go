package views

import (
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

func analysisChart(t *testing.T, r bazi.Request) *bazi.Chart {
	t.Helper()
	in, err := r.Parse()
	if err != nil {
		t.Fatal(err)
	}
	c, err := bazi.Compute(in, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The chart page shows the pattern with its verdict and reasons, the
// useful god by every method with the five gods, and the commander, worded
// in each of the three languages.
func TestChartPageAnalysisSection(t *testing.T) {
	cat := i18n.MustLoad()
	c := analysisChart(t, bazi.Request{Date: "1990-05-17", Time: "08:30", TZ: "Asia/Shanghai", Gender: "male"})
	want := map[i18n.Lang][]string{
		i18n.English:            {"Pattern", "Useful god", "Commander", "in command", "Support or restrain", "Climate", "Mediation", "Illness and cure"},
		i18n.SimplifiedChinese:  {"格局", "用神", "喜神", "忌神", "仇神", "闲神", "人元司令", "扶抑", "调候", "通关", "病药"},
		i18n.TraditionalChinese: {"格局", "用神", "喜神", "忌神", "仇神", "閒神", "人元司令", "扶抑", "調候", "通關", "病藥"},
	}
	for _, lang := range i18n.Langs {
		p := Page{Lang: lang, T: cat.For(lang), Terms: cat.Terms(lang), Asset: func(name string) string { return "/static/" + name }}
		html := renderString(t, ChartPage(p, ChartView{Chart: c, Query: "date=1990-05-17"}))
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
		if err != nil {
			t.Fatal(err)
		}
		// A <details> (a term's disclosure) may not sit inside a <p>: the
		// parser would close the paragraph and break the line apart.
		raw := html[strings.Index(html, `data-testid="analysis"`):]
		raw = raw[:strings.Index(raw, "</section>")]
		for rest := raw; ; {
			i := strings.Index(rest, "<p ")
			if i < 0 {
				break
			}
			rest = rest[i:]
			end := strings.Index(rest, "</p>")
			if strings.Contains(rest[:end], "<details") {
				t.Fatalf("%s: a term disclosure inside a paragraph: %s", lang, rest[:end])
			}
			rest = rest[end:]
		}
		sec := doc.Find(`[data-testid="analysis"]`)
		if sec.Length() != 1 {
			t.Fatalf("%s: analysis section missing", lang)
		}
		text := sec.Text()
		for _, w := range want[lang] {
			if !strings.Contains(text, w) {
				t.Errorf("%s: section lacks %q", lang, w)
			}
		}
		if strings.Contains(text, "rule.") || strings.Contains(text, "analysis.") || strings.Contains(text, "term.") {
			t.Errorf("%s: an untranslated key shows: %s", lang, text)
		}
		if name := strings.TrimSpace(sec.Find(`[data-testid="pattern-name"]`).Text()); name == "" {
			t.Errorf("%s: no pattern name", lang)
		}
		if sec.Find(`[data-testid="pattern-verdict"]`).Length() != 1 || sec.Find(`[data-testid="pattern-rules"] li`).Length() < 2 {
			t.Errorf("%s: verdict or its rules missing", lang)
		}
		if n := sec.Find(`[data-testid="five-gods"] li`).Length(); n != 5 {
			t.Errorf("%s: %d gods", lang, n)
		}
		if n := sec.Find(`[data-testid="methods"] > div`).Length(); n < 4 {
			t.Errorf("%s: %d methods", lang, n)
		}
		if sec.Find(`[data-testid="commander-rule"]`).Length() != 1 {
			t.Errorf("%s: commander missing", lang)
		}
		// Every term of the section opens its explanation on tap, without script.
		if sec.Find(`details.term`).Length() < 12 {
			t.Errorf("%s: terms not explained on tap", lang)
		}
		if lang == i18n.TraditionalChinese {
			for _, simp := range []string{"气", "财", "伤", "杀", "从", "无", "为", "闲", "调"} {
				if strings.Contains(text, simp) {
					t.Errorf("zh-Hant: simplified %q in %s", simp, text)
					break
				}
			}
		}
	}
}

// Every rule and pattern the engine can produce is worded in every language.
func TestAnalysisRulesTranslated(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range i18n.Langs {
		tr := cat.For(lang)
		for _, k := range bazi.RuleKeys() {
			if tr("rule."+k) == "rule."+k {
				t.Errorf("%s: rule.%s missing", lang, k)
			}
		}
		for _, k := range bazi.PatternKeys() {
			if tr("analysis.pattern."+k) == "analysis.pattern."+k {
				t.Errorf("%s: analysis.pattern.%s missing", lang, k)
			}
			if patternZh(k) == "" {
				t.Errorf("pattern %s has no Chinese name for the page's argument table", k)
			}
		}
	}
}
