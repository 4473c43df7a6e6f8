package views

import (
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// The chart page reads terms and engine-valued phrases from Page.Terms when
// the handler sets it; the page must be the same as through Page.T alone.
func TestChartPageSameWithAndWithoutTerms(t *testing.T) {
	cat := i18n.MustLoad()
	now := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	for _, r := range []bazi.Request{
		{Date: "1988-02-15", Time: "23:30", TZ: "Asia/Shanghai", Gender: "male"},
		{Date: "1988-07-01", TZ: "Asia/Shanghai", Gender: "female"}, // hour unknown
		{Date: "2005-12-23", Time: "08:37", TZ: "Asia/Shanghai", Gender: "male"},
	} {
		in, err := r.Parse()
		if err != nil {
			t.Fatal(err)
		}
		c, err := bazi.Compute(in, now)
		if err != nil {
			t.Fatal(err)
		}
		v := ChartView{Chart: c, Query: "date=" + r.Date, SelectedLuck: 3}
		for _, lang := range i18n.Langs {
			p := Page{Lang: lang, T: cat.For(lang), Asset: func(name string) string { return "/static/" + name }}
			if lang == i18n.Korean { // as the site's Page does
				p.Hanja = cat.For(i18n.TraditionalChinese)
			}
			want := renderString(t, ChartPage(p, v))
			if len(want) < 20000 {
				t.Fatalf("%s %s: page of %d bytes", r.Date, lang, len(want))
			}
			p.Terms = cat.Terms(lang)
			for round := 0; round < 2; round++ { // fill the cache, then read it
				if got := renderString(t, ChartPage(p, v)); got != want {
					t.Fatalf("%s %s: the page differs with Page.Terms (round %d)", r.Date, lang, round)
				}
			}
		}
	}
}
