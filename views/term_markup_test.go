package views

import (
	"bytes"
	"testing"

	"github.com/bazi-master/bazi-master/internal/i18n"
)

// Every term's markup from the language's table is what plain templ
// writes for it, in every language: the disclosure with and without the
// Chinese, its body, termTip's form and the panels' explanation and link.
func TestTermMarkupMatchesTempl(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range i18n.Langs {
		p := Page{Lang: lang, T: cat.For(lang), Terms: cat.Terms(lang)}
		n := 0
		p.Terms.Each(func(family, key string, _ *i18n.TermText) {
			n++
			if termMarkupOf(p, family, key) == nil {
				t.Fatalf("%s: no markup of %s %s", lang, family, key)
			}
			for _, zh := range [][2]string{{"", ""}, {"正官", "zhèng guān <&>"}} {
				var b bytes.Buffer
				h := newHTMLWriter(&b)
				h.termLabel(p, family, key, zh[0], zh[1])
				if err := h.done(); err != nil {
					t.Fatal(err)
				}
				if want := renderString(t, termLabelTempl(p, family, key, zh[0], zh[1])); b.String() != want {
					t.Fatalf("%s %s %s %q: termLabel differs from plain templ:\n%s", lang, family, key, zh[0], firstDiff(want, b.String()))
				}
			}
			if got, want := termMarkupOf(p, family, key).pop, renderString(t, termPopTempl(p, family, key)); got != want {
				t.Fatalf("%s %s %s: pop differs from plain templ:\n%s", lang, family, key, firstDiff(want, got))
			}
			if got, want := renderString(t, termTipOf{p, family, key}), renderString(t, termTip(p, termName(p, family, key), termDesc(p, family, key), glossaryHref(family, key), "")); got != want {
				t.Fatalf("%s %s %s: termTipOf differs from termTip:\n%s", lang, family, key, firstDiff(want, got))
			}
			if got, want := renderString(t, termDescLink{p, family, key}), renderString(t, termDescLinkTempl(p, family, key)); got != want {
				t.Fatalf("%s %s %s: termDescLink differs from plain templ:\n%s", lang, family, key, firstDiff(want, got))
			}
		})
		if n < 150 {
			t.Errorf("%s: only %d terms", lang, n)
		}
	}
	// Without Terms the components render the references themselves.
	p := Page{Lang: i18n.English, T: func(key string, _ ...any) string { return key + " <&>" }}
	if got, want := renderString(t, termTipOf{p, "palace", "tai_yuan"}), renderString(t, termTip(p, termName(p, "palace", "tai_yuan"), termDesc(p, "palace", "tai_yuan"), glossaryHref("palace", "tai_yuan"), "")); got != want {
		t.Errorf("termTipOf without Terms:\n%s", firstDiff(want, got))
	}
	if got, want := renderString(t, termDescLink{p, "shensha", "tian_yi_gui_ren"}), renderString(t, termDescLinkTempl(p, "shensha", "tian_yi_gui_ren")); got != want {
		t.Errorf("termDescLink without Terms:\n%s", firstDiff(want, got))
	}
}
