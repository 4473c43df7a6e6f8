package reading

import (
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
)

// The AI's facts name the pattern with its verdict and reason, the useful
// god by every method with the five gods, and the commander.
func TestBuildPromptStructureFacts(t *testing.T) {
	req := testRequest(t)
	c := req.Chart
	sys, msgs := BuildPrompt(req)
	var all strings.Builder
	all.WriteString(sys)
	for _, m := range msgs {
		all.WriteString(m.Content)
	}
	got := all.String()
	for _, w := range []string{
		"pattern: " + c.Structure.Pattern.Name,
		"useful_god: " + c.Structure.UsefulGod.Element.Key(),
		"useful_god_by_fuyi (扶抑)", "useful_god_by_tiaohou (调候)", "useful_god_by_tongguan (通关)", "useful_god_by_bingyao (病药)",
		"喜神", "忌神", "仇神", "闲神",
		"commander (人元司令): " + c.Commander.Stem.String(),
	} {
		if !strings.Contains(got, w) {
			t.Errorf("facts lack %q", w)
		}
	}
}

// The built-in reader names the pattern and the useful god in each language.
func TestBuiltinMentionsPatternAndUsefulGod(t *testing.T) {
	for lang, want := range map[i18n.Lang][]string{
		i18n.English:            {"pattern (格局)", "useful god (用神)"},
		i18n.SimplifiedChinese:  {"格局", "用神"},
		i18n.TraditionalChinese: {"格局", "用神"},
	} {
		req := testRequest(t)
		req.Lang = lang
		s, err := (&Builtin{}).Text(req)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(s, w) {
				t.Errorf("%s: reading lacks %q", lang, w)
			}
		}
	}
}
