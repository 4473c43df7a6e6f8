package views

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// benchChart is the chart page's view of the handlers' benchmark chart
// (1988-02-15 23:30 Beijing, true solar time), with the links the handler
// prepares.
func benchChart(b *testing.B, lang i18n.Lang) (Page, ChartView) {
	b.Helper()
	req, name, err := chartinput.ParseQuery("date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male&place=Beijing")
	if err != nil {
		b.Fatal(err)
	}
	doc, err := chartinput.Build(req, time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	q := req.Query(name)
	v := ChartView{
		Chart: doc.Chart, PlaceName: "Beijing", Query: q,
		ZiRuleURL: "/chart?" + q + "&zi_rule=split", TrueSolarURL: "/chart?" + q + "&true_solar_time=on",
		LuckMethodURLs: map[string]string{"exact": "/chart?" + q, "days": "/chart?" + q + "&luck_method=days", "minutes": "/chart?" + q + "&luck_method=minutes"},
		CardURL:        "/chart/card.svg?" + q, EditURL: "/chart/new?" + q, CompareURL: "/compatibility?a=" + q,
		Save: &SaveControl{SignInURL: "/login?next=%2Fcharts%2Fsave"},
	}
	cat := i18n.MustLoad()
	p := Page{Lang: lang, T: cat.For(lang), Terms: cat.Terms(lang), Path: "/chart", Asset: func(n string) string { return "/static/" + n }}
	for _, l := range i18n.Langs {
		p.LangLinks = append(p.LangLinks, LangLink{Lang: l, Label: cat.T(l, "lang."+string(l)), URL: "/chart?" + q + "&lang=" + string(l), Current: l == lang})
	}
	return p, v
}

// benchRender renders c b.N times into a reused buffer.
func benchRender(b *testing.B, c templ.Component) {
	var buf bytes.Buffer
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := c.Render(ctx, &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/page")
}

// BenchmarkChartPageRender is the render alone of the chart page of
// handlers' BenchmarkChartPage (no request parsing or chart computation).
func BenchmarkChartPageRender(b *testing.B) {
	for _, lang := range i18n.Langs {
		b.Run(string(lang), func(b *testing.B) {
			p, v := benchChart(b, lang)
			benchRender(b, ChartPage(p, v))
		})
	}
}

// BenchmarkChartGridFast renders the chart page's pillar grid with its Go
// cells (fastrender.go), the page's hot part; BenchmarkChartGridTempl
// renders the same grid in plain templ (pillarsGridTempl), byte for byte
// the same, as the reference.
func BenchmarkChartGridFast(b *testing.B) {
	for _, lang := range i18n.Langs {
		b.Run(string(lang), func(b *testing.B) {
			p, v := benchChart(b, lang)
			benchRender(b, pillarsGrid(p, v))
		})
	}
}

// BenchmarkChartGridTempl is BenchmarkChartGridFast's reference.
func BenchmarkChartGridTempl(b *testing.B) {
	for _, lang := range i18n.Langs {
		b.Run(string(lang), func(b *testing.B) {
			p, v := benchChart(b, lang)
			benchRender(b, pillarsGridTempl(p, v))
		})
	}
}
