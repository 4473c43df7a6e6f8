package views

import (
	"bytes"
	"context"
	"testing"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/ziwei"
)

func testPage(lang i18n.Lang) Page {
	cat := i18n.MustLoad()
	return Page{Lang: lang, T: cat.For(lang), Terms: cat.Terms(lang)}
}

// A memoized piece is what its templ component renders, in every language
// and for every star state a board holds, including after another
// language filled the memo (the key must hold everything the output
// depends on).
func TestMemoizedPiecesMatchTempl(t *testing.T) {
	for _, lang := range i18n.Langs {
		p := testPage(lang)
		for id := ziwei.StarID(1); int(id) < ziwei.NumStars; id++ {
			for _, s := range []ziwei.Star{{ID: id}, {ID: id, Brightness: ziwei.Miao, Mutagen: ziwei.Lu}, {ID: id, Brightness: ziwei.Xian, Mutagen: ziwei.Ji}} {
				for _, major := range []bool{false, true} {
					if got, want := renderString(t, zwStarItem(p, s, major)), renderString(t, zwStarItemTempl(p, s, major)); got != want {
						t.Fatalf("%s %v: memo %q, templ %q", lang, s, got, want)
					}
				}
				if got, want := renderString(t, zwStarHead(p, s)), renderString(t, zwStarHeadTempl(p, s)); got != want {
					t.Fatalf("%s %v head: memo %q, templ %q", lang, s, got, want)
				}
			}
		}
		for _, k := range []string{"decadal", "ming_gong", "borrowed"} {
			if got, want := renderString(t, zwTerm(p, "zw", k)), renderString(t, zwTermTempl(p, "zw", k)); got != want {
				t.Fatalf("%s term %s: memo %q, templ %q", lang, k, got, want)
			}
		}
		for m := ziwei.Lu; m <= ziwei.Ji; m++ {
			for scope := 0; scope < 2; scope++ {
				if got, want := renderString(t, zwPeriodBadge(p, scope, m)), renderString(t, zwPeriodBadgeTempl(p, scope, m)); got != want {
					t.Fatalf("%s badge: memo %q, templ %q", lang, got, want)
				}
			}
		}
	}
}

// BenchmarkZiweiStarItem: one star's list item rendered by templ each time
// (plain) and replayed from the memo, the gain the memo is kept for.
func BenchmarkZiweiStarItem(b *testing.B) {
	p := testPage(i18n.SimplifiedChinese)
	s := ziwei.Star{ID: 1, Kind: ziwei.KindMajor, Brightness: ziwei.Miao, Mutagen: ziwei.Lu}
	var buf bytes.Buffer
	for _, bc := range []struct {
		name string
		c    func() templ.Component
	}{
		{"templ", func() templ.Component { return zwStarItemTempl(p, s, true) }},
		{"memo", func() templ.Component { return zwStarItem(p, s, true) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				buf.Reset()
				_ = bc.c().Render(context.Background(), &buf)
			}
		})
	}
}
