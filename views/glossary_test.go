package views

import (
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
)

// Every entry of the glossary has a name and an explanation of its own in
// every language: none shows only its name, none falls back to English.
func TestGlossaryEveryEntryExplainedInEveryLanguage(t *testing.T) {
	cat := i18n.MustLoad()
	missing := map[string]bool{}
	for _, m := range cat.Missing() {
		missing[m] = true
	}
	n := 0
	for _, f := range glossaryFamilies {
		for _, e := range f.entries {
			n++
			keys := []string{e.key, e.key + ".desc"}
			if e.star != 0 {
				keys = keys[1:] // a star's name is the engine's
			}
			for _, key := range keys {
				if !cat.Has(key) {
					t.Errorf("%s: no message %q", e.anchor, key)
					continue
				}
				for _, lang := range i18n.Langs {
					if missing[string(lang)+": "+key] || strings.TrimSpace(cat.T(lang, key)) == "" {
						t.Errorf("%s: %s has no %q", e.anchor, lang, key)
					}
				}
			}
			if d := cat.T(i18n.Default, e.key+".desc"); len([]rune(d)) < 12 {
				t.Errorf("%s: explanation %q is too short to explain", e.anchor, d)
			}
		}
	}
	if n < 120 {
		t.Fatalf("%d glossary entries", n)
	}
}
