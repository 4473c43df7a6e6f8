package views

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

func renderString(t testing.TB, c templ.Component) string {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// gridCharts computes n charts over the table's range, a few with the hour
// unknown, English and Chinese options alike.
func gridCharts(t testing.TB, n int, seed int64) []*bazi.Chart {
	t.Helper()
	rng := rand.New(rand.NewSource(seed))
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var out []*bazi.Chart
	for len(out) < n {
		r := chartinput.Request{Request: bazi.Request{
			Date:   fmt.Sprintf("%04d-%02d-%02d", bazi.MinYear+rng.Intn(bazi.MaxYear-bazi.MinYear+1), 1+rng.Intn(12), 1+rng.Intn(28)),
			TZ:     []string{"Asia/Shanghai", "+08:00", "America/New_York", "Europe/London"}[rng.Intn(4)],
			Gender: []string{"male", "female"}[rng.Intn(2)],
		}}
		if rng.Intn(6) != 0 {
			r.Time = fmt.Sprintf("%02d:%02d", rng.Intn(24), rng.Intn(60))
		}
		doc, err := chartinput.Build(r, now)
		if err != nil {
			continue
		}
		out = append(out, doc.Chart)
	}
	return out
}

// The pillar grid with its Go cells writes what the same grid in plain
// templ writes, in every language, with and without Page.Terms.
func TestChartGridMatchesTempl(t *testing.T) {
	cat := i18n.MustLoad()
	n := 300
	if testing.Short() {
		n = 30
	}
	unknown := 0
	for i, c := range gridCharts(t, n, 20261206) {
		if c.Pillars.Hour == nil {
			unknown++
		}
		v := ChartView{Chart: c}
		for _, lang := range i18n.Langs {
			p := Page{Lang: lang, T: cat.For(lang)}
			if i%4 != 0 {
				p.Terms = cat.Terms(lang)
			}
			fast, ref := renderString(t, pillarsGrid(p, v)), renderString(t, pillarsGridTempl(p, v))
			if fast != ref {
				t.Fatalf("chart %d (%s, %s): the grid differs from plain templ:\n%s", i, c.Input.Date, lang, firstDiff(ref, fast))
			}
		}
	}
	if unknown == 0 {
		t.Error("no chart with the hour unknown")
	}
}

// firstDiff shows both strings around their first differing byte.
func firstDiff(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	lo := max(i-150, 0)
	return fmt.Sprintf("at byte %d\nwant …%s…\n got …%s…", i, want[lo:min(i+100, len(want))], got[lo:min(i+100, len(got))])
}

// The Go cells escape what templ escapes, whatever the translations hold:
// every text of the page is the fuzzed one (or holds it).
func FuzzChartGrid(f *testing.F) {
	for _, s := range []string{"", "plain", `<script>alert("x")</script>`, "a&b'c", "\x00\xff", "五行 & <木>", "{0} {1}"} {
		f.Add(s, int64(1))
	}
	charts := gridCharts(f, 24, 7)
	f.Fuzz(func(t *testing.T, s string, pick int64) {
		c := charts[uint64(pick)%uint64(len(charts))]
		v := ChartView{Chart: c}
		for _, lang := range []i18n.Lang{i18n.English, i18n.SimplifiedChinese} {
			p := Page{Lang: lang, T: func(key string, args ...any) string {
				if pick%2 == 0 {
					return s
				}
				return key + s
			}}
			fast, ref := renderString(t, pillarsGrid(p, v)), renderString(t, pillarsGridTempl(p, v))
			if fast != ref {
				t.Fatalf("%q: the grid differs from plain templ:\n%s", s, firstDiff(ref, fast))
			}
		}
	})
}

// esc writes what templ writes for { s }.
func TestEscMatchesTemplText(t *testing.T) {
	for _, s := range []string{"", "plain", `<a href="x">&'"</a>`, "tail&", "&&<<>>''\"\"", "正官 · Direct Officer's"} {
		if got, want := renderString(t, esc(s)), templ.EscapeString(s); got != want || got != html.EscapeString(s) {
			t.Errorf("esc(%q) = %q, want %q", s, got, want)
		}
		if got, want := renderString(t, escSpace(s)), templ.EscapeString(s)+" "; got != want {
			t.Errorf("escSpace(%q) = %q, want %q", s, got, want)
		}
		var plain strings.Builder // a writer without WriteString
		if err := writeEscaped(struct{ io.Writer }{&plain}, s); err != nil || plain.String() != templ.EscapeString(s) {
			t.Errorf("writeEscaped(%q) to a plain writer = %q, %v", s, plain.String(), err)
		}
	}
}

// The links built in one piece match the general URL, and the fragments
// are the chart's own (SelfURL?part=…) or /chart/<part>?<query>.
func TestChartLinksMatchURLAndFragment(t *testing.T) {
	for _, tc := range []struct {
		v                    ChartView
		luckPart, monthsPart string
	}{
		{ChartView{Query: "date=1988-02-15&time=23%3A30&gender=male"},
			"/chart/luck?date=1988-02-15&time=23%3A30&gender=male&luck=3", "/chart/liuyue?date=1988-02-15&time=23%3A30&gender=male&year=2024"},
		{ChartView{Query: "date=1988-02-15", SelfURL: "/charts/42"},
			"/charts/42?part=luck&luck=3", "/charts/42?part=liuyue&year=2024"},
	} {
		v := tc.v
		if got, want := v.luckURL(3), v.URL("luck=3")+"#luck"; got != want {
			t.Errorf("luckURL = %q, want %q", got, want)
		}
		if got, want := v.monthsURL(3, "2024"), v.URL("luck=3&year=2024")+"#liuyue"; got != want {
			t.Errorf("monthsURL = %q, want %q", got, want)
		}
		if got := v.luckFragment(3); got != tc.luckPart {
			t.Errorf("luckFragment = %q, want %q", got, tc.luckPart)
		}
		if got := v.monthsFragment("2024"); got != tc.monthsPart {
			t.Errorf("monthsFragment = %q, want %q", got, tc.monthsPart)
		}
	}
}

func TestTermKeys(t *testing.T) {
	// Without p.Terms a term is looked up through p.T by its message key.
	p := Page{T: func(key string, _ ...any) string { return key }}
	if got := termName(p, "tengod", "zheng_guan"); got != "term.tengod.zheng_guan" {
		t.Errorf("name key %q", got)
	}
	if got := termDesc(p, "tengod", "zheng_guan"); got != "term.tengod.zheng_guan.desc" {
		t.Errorf("desc key %q", got)
	}
	if got := termPinyin(p, "shensha", "tian_yi"); got != "term.shensha.tian_yi.pinyin" {
		t.Errorf("pinyin key %q", got)
	}
	if got := offset(-330); got != "UTC-05:30" {
		t.Errorf("offset(-330) = %q", got)
	}
	if got := offset(480); got != "UTC+08:00" {
		t.Errorf("offset(480) = %q", got)
	}
}

// localHref keeps the links the handler built when they point into the
// site; anything else becomes templ's failed-sanitization marker.
func TestHrefStaysLocal(t *testing.T) {
	marker := string(templ.FailedSanitizationURL)
	for _, tc := range []struct{ in, want string }{
		{"/chart?date=1990-01-01&a=<b>", "/chart?date=1990-01-01&a=<b>"},
		{"?lang=en", "?lang=en"},
		{"#luck", "#luck"},
		{"javascript:alert(1)", marker},
		{"/x:javascript:alert(1)", "/x:javascript:alert(1)"},
		{"//evil.example/x", marker},
		{`/\evil.example`, marker},
		{"https://evil.example", marker},
		{"", marker},
	} {
		if got := string(localHref(tc.in)); got != tc.want {
			t.Errorf("localHref(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A link of the chart page's header is one anchor whatever its href and
// text: neither can close the attribute or the element, the text reads
// back as given, and the href as given when it is a local path (else
// templ's failed-sanitization marker).
func FuzzLink(f *testing.F) {
	for _, s := range [][2]string{{"/chart?a=1&b=2", "Edit"}, {`javascript:alert(1)`, `"><script>`}, {`/"onmouseover="x`, "</a><b>"}, {"//evil", ""}} {
		f.Add(s[0], s[1])
	}
	c := gridCharts(f, 1, 3)[0]
	f.Fuzz(func(t *testing.T, href, text string) {
		p := Page{T: func(key string, _ ...any) string {
			if key == "chart.edit" {
				return text
			}
			return key
		}}
		out := renderString(t, chartHeader(p, ChartView{Chart: c, EditURL: href}))
		_, rest, ok := strings.Cut(out, `<a href="`)
		if !ok {
			t.Fatalf("no link: %q", out)
		}
		attr, rest, ok := strings.Cut(rest, `"`)
		if !ok || strings.ContainsAny(attr, "<>") {
			t.Fatalf("href attribute broken: %q", out)
		}
		body, ok := strings.CutPrefix(rest, ` class="btn-ghost" data-testid="edit-chart">`)
		if !ok {
			t.Fatalf("href escaped its attribute: %q", out)
		}
		inner, _, ok := strings.Cut(body, "</a>")
		if !ok || strings.ContainsAny(inner, "<>\"") {
			t.Fatalf("text escaped its element: %q", out)
		}
		if got := html.UnescapeString(inner); got != text {
			t.Fatalf("text reads back %q, want %q", got, text)
		}
		want := string(templ.FailedSanitizationURL)
		if localHref(href) != templ.FailedSanitizationURL {
			want = href
			if !strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "?") && !strings.HasPrefix(href, "#") || strings.HasPrefix(href, "//") {
				t.Fatalf("%q kept as a local link", href)
			}
		}
		if got := html.UnescapeString(attr); got != want {
			t.Fatalf("href reads back %q, want %q", got, want)
		}
	})
}

// decimal is strconv.Itoa.
func TestDecimal(t *testing.T) {
	for _, n := range []int{-10001, -1, 0, 1, 9, 10, 99, 100, 999, 1000, 1988, 2199, 9999, 10000, 123456} {
		if got, want := decimal(n), strconv.Itoa(n); got != want {
			t.Errorf("decimal(%d) = %q, want %q", n, got, want)
		}
	}
}
