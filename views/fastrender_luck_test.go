package views

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// luckTimeline renders every 大运 and every 流年 of the selected one with
// the item and row components given.
func luckTimeline(p Page, v ChartView, item func(*bazi.LuckPillar) templ.Component, row func(*bazi.LuckPillar, *bazi.LiuNian) templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		for i := range v.Chart.Luck.Pillars {
			if err := item(&v.Chart.Luck.Pillars[i]).Render(ctx, w); err != nil {
				return err
			}
		}
		lp := v.SelectedLuckPillar()
		for i := range lp.Years {
			if err := row(lp, &lp.Years[i]).Render(ctx, w); err != nil {
				return err
			}
		}
		return nil
	})
}

func luckFast(p Page, v ChartView) templ.Component {
	return luckTimeline(p, v,
		func(lp *bazi.LuckPillar) templ.Component { return luckPillarItem{p: p, v: &v, lp: lp} },
		func(lp *bazi.LuckPillar, y *bazi.LiuNian) templ.Component {
			return liuNianRow{p: p, v: &v, lp: lp, y: y}
		})
}

func luckTempl(p Page, v ChartView) templ.Component {
	return luckTimeline(p, v,
		func(lp *bazi.LuckPillar) templ.Component { return luckPillarItemTempl(p, v, lp) },
		func(lp *bazi.LuckPillar, y *bazi.LiuNian) templ.Component { return liuNianRowTempl(p, v, lp, *y) })
}

// The luck timeline's Go components write what the same markup in plain
// templ writes: for the chart page (links to /chart?<query>) and a saved
// chart (links to its own URL), the current 大运 and year marked, in
// every language, with and without Page.Terms.
func TestLuckTimelineMatchesTempl(t *testing.T) {
	cat := i18n.MustLoad()
	n := 120
	if testing.Short() {
		n = 20
	}
	for i, c := range gridCharts(t, n, 20261207) {
		v := ChartView{Chart: c, Query: "date=" + c.Input.Date + "&tz=UTC&gender=male&name=%3Cb%3E%26", SelectedLuck: i % 11}
		if i%3 == 0 {
			v.SelfURL = "/charts/42"
		}
		for _, lang := range i18n.Langs {
			p := Page{Lang: lang, T: cat.For(lang)}
			if i%2 == 0 {
				p.Terms = cat.Terms(lang)
			}
			fast, ref := renderString(t, luckFast(p, v)), renderString(t, luckTempl(p, v))
			if fast != ref {
				t.Fatalf("chart %d (%s, %s): the luck timeline differs from plain templ:\n%s", i, c.Input.Date, lang, firstDiff(ref, fast))
			}
		}
	}
}

// Whatever the query, the translations and the chart's own URL hold, the
// Go components escape and sanitize as templ does.
func FuzzLuckTimeline(f *testing.F) {
	for _, s := range []string{"", "a&b", `"><script>alert(1)</script>`, "//evil.example", `/\evil`, "javascript:alert(1)", "\x00\xff", "'"} {
		f.Add(s, s, int64(0))
	}
	charts := gridCharts(f, 12, 11)
	f.Fuzz(func(t *testing.T, query, self string, pick int64) {
		c := charts[uint64(pick)%uint64(len(charts))]
		v := ChartView{Chart: c, Query: query}
		if pick%2 == 1 {
			v.SelfURL = self
		}
		p := Page{Lang: i18n.English, T: func(key string, _ ...any) string { return key + query }}
		fast, ref := renderString(t, luckFast(p, v)), renderString(t, luckTempl(p, v))
		if fast != ref {
			t.Fatalf("query %q self %q: differs from plain templ:\n%s", query, self, firstDiff(ref, fast))
		}
	})
}

// writeEscaped writes, and appendEscaped appends, what templ.EscapeString
// returns, for any string.
func FuzzWriteEscaped(f *testing.F) {
	for _, s := range []string{"", "plain", `<a href="x">&'"</a>`, "tail&", "\x00\xff&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		if err := writeEscaped(&b, s); err != nil {
			t.Fatal(err)
		}
		if got, want := b.String(), templ.EscapeString(s); got != want {
			t.Fatalf("writeEscaped(%q) = %q, want %q", s, got, want)
		}
		if got, want := string(appendEscaped([]byte("x"), s)), "x"+templ.EscapeString(s); got != want {
			t.Fatalf("appendEscaped(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkLuckTimelineFast renders the ten 大运 and the selected one's ten
// 流年 with the Go components; BenchmarkLuckTimelineTempl is the same in
// plain templ, the reference.
func BenchmarkLuckTimelineFast(b *testing.B) {
	for _, lang := range i18n.Langs {
		b.Run(string(lang), func(b *testing.B) {
			p, v := benchChart(b, lang)
			benchRender(b, luckFast(p, v))
		})
	}
}

// BenchmarkLuckTimelineTempl is BenchmarkLuckTimelineFast's reference.
func BenchmarkLuckTimelineTempl(b *testing.B) {
	for _, lang := range i18n.Langs {
		b.Run(string(lang), func(b *testing.B) {
			p, v := benchChart(b, lang)
			benchRender(b, luckTempl(p, v))
		})
	}
}
