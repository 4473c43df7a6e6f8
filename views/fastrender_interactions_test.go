package views

import (
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// Every interaction a 大运 or 流年 can have is worded in every language:
// no chip shows a message key, and each links to a glossary entry.
func TestInteractionChipsAreTranslated(t *testing.T) {
	cat := i18n.MustLoad()
	seen := map[string]bool{}
	for _, c := range gridCharts(t, 30, 21) {
		for i := range c.Luck.Pillars {
			lp := &c.Luck.Pillars[i]
			lists := [][]bazi.Interaction{lp.Interactions(nil)}
			for j := range lp.Years {
				lists = append(lists, lp.Years[j].Interactions(nil))
			}
			for _, list := range lists {
				for k := range list {
					in := &list[k]
					id := in.Key() + "/" + in.Partner()
					if seen[id] {
						continue
					}
					seen[id] = true
					for _, lang := range i18n.Langs {
						p := Page{Lang: lang, T: cat.For(lang), Terms: cat.Terms(lang)}
						ch := interactionChip(p, in)
						for _, s := range []string{ch.label, ch.name, ch.partner, ch.desc, ch.link} {
							if strings.HasPrefix(s, "luckrel.") || strings.HasPrefix(s, "term.") || strings.HasPrefix(s, "glossary.") {
								t.Errorf("%s %s: untranslated %q", id, lang, s)
							}
						}
						if !strings.HasPrefix(ch.href, "/glossary#") || ch.rule == "" || ch.chars == "" {
							t.Errorf("%s %s: %+v", id, lang, ch)
						}
					}
				}
			}
		}
	}
	for _, k := range []string{"sui_yun_bing_lin", "fu_yin", "fan_yin", "spouse_palace_chong", "shensha", "chong", "stem_he"} {
		found := false
		for id := range seen {
			found = found || strings.HasPrefix(id, k+"/")
		}
		if !found {
			t.Errorf("no %s among the charts checked", k)
		}
	}
}
