package views

import (
	"bytes"
	"context"
	"html"
	"io"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

func renderString(t *testing.T, c templ.Component) string {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// esc must write exactly what templ's { s } writes.
func TestEscMatchesTemplText(t *testing.T) {
	for _, s := range []string{"", "plain", `<a href="x">&'"</a>`, "tail&", "&&<<>>''\"\"", "正官 · Direct Officer's"} {
		if got, want := renderString(t, esc(s)), html.EscapeString(s); got != want {
			t.Errorf("esc(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestClassSpan(t *testing.T) {
	got := renderString(t, spanWith(pillarCharClasses.of("fire"), "title", `Fire & "heat"`, "<丙>"))
	want := `<span class="block font-serif text-4xl font-bold sm:text-5xl text-fire dark:text-fire-dark" title="Fire &amp; &#34;heat&#34;">&lt;丙&gt;</span>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := renderString(t, span(elementTextOnly.of("unknown"), "x")); got != `<span class="text-water dark:text-water-dark">x</span>` {
		t.Errorf("got %s", got)
	}
}

// The links built in one piece match the general URL and Fragment.
func TestChartLinksMatchURLAndFragment(t *testing.T) {
	for _, v := range []ChartView{
		{Query: "date=1988-02-15&time=23%3A30&gender=male"},
		{Query: "date=1988-02-15", SelfURL: "/charts/42"},
	} {
		if got, want := v.luckURL(3), v.URL("luck=3")+"#luck"; got != want {
			t.Errorf("luckURL = %q, want %q", got, want)
		}
		if got, want := v.luckFragment(3), v.Fragment("/chart/luck", "luck=3"); got != want {
			t.Errorf("luckFragment = %q, want %q", got, want)
		}
		got := renderString(t, newMonthsLink(v, 3, "2024", "Months & more"))
		want := `<a href="` + html.EscapeString(v.URL("luck=3&year=2024")+"#liuyue") +
			`" hx-get="` + html.EscapeString(v.Fragment("/chart/liuyue", "year=2024")) +
			`" hx-target="#liuyue" class="link text-xs" data-testid="open-liuyue">Months &amp; more</a>`
		if got != want {
			t.Errorf("monthsLink:\n got %s\nwant %s", got, want)
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
	if got := pillarTestID("stem", 0); got != "stem-"+pillarKey(0) {
		t.Errorf("pillarTestID = %q", got)
	}
	if got := offset(-330); got != "UTC-05:30" {
		t.Errorf("offset(-330) = %q", got)
	}
	if got := offset(480); got != "UTC+08:00" {
		t.Errorf("offset(480) = %q", got)
	}
}

// Links the Go components write point into the site; anything else is
// written as templ's failed-sanitization marker.
func TestHrefStaysLocal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"/chart?date=1990-01-01&a=<b>", "/chart?date=1990-01-01&amp;a=&lt;b&gt;"},
		{"?lang=en", "?lang=en"},
		{"javascript:alert(1)", "about:invalid#TemplFailedSanitizationURL"},
		{"//evil.example/x", "about:invalid#TemplFailedSanitizationURL"},
		{`/\evil.example`, "about:invalid#TemplFailedSanitizationURL"},
		{"https://evil.example", "about:invalid#TemplFailedSanitizationURL"},
	} {
		var sb strings.Builder
		if err := link(tc.in, "", "x").Render(context.Background(), &sb); err != nil {
			t.Fatal(err)
		}
		if want := `<a href="` + tc.want + `">x</a>`; sb.String() != want {
			t.Errorf("%q: %s, want %s", tc.in, sb.String(), want)
		}
	}
}

// The Go components' escaping is html.EscapeString's, whatever the text
// and whichever writer they are given.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "plain", `<script>alert("x")</script>`, "a&b'c", "\x00\xff", "五行 & <木>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var sb strings.Builder
		if err := esc(s).Render(context.Background(), &sb); err != nil {
			t.Fatal(err)
		}
		var plain bytes.Buffer // also a StringWriter; wrap it to take the other path
		if err := esc(s).Render(context.Background(), struct{ io.Writer }{&plain}); err != nil {
			t.Fatal(err)
		}
		if want := html.EscapeString(s); sb.String() != want || plain.String() != want {
			t.Fatalf("esc(%q) = %q / %q, want %q", s, sb.String(), plain.String(), want)
		}
	})
}

// A link the Go components write is one anchor whatever its href and text:
// neither can close the attribute or the element, the text reads back as
// given, and the href as given when it is a local path (else templ's
// failed-sanitization marker).
func FuzzLink(f *testing.F) {
	for _, s := range [][2]string{{"/chart?a=1&b=2", "Edit"}, {`javascript:alert(1)`, `"><script>`}, {`/"onmouseover="x`, "</a><b>"}, {"//evil", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, href, text string) {
		var sb strings.Builder
		if err := link(href, ` class="btn-ghost"`, text).Render(context.Background(), &sb); err != nil {
			t.Fatal(err)
		}
		out := sb.String()
		rest, ok := strings.CutPrefix(out, `<a href="`)
		if !ok {
			t.Fatalf("%q", out)
		}
		attr, rest, ok := strings.Cut(rest, `"`)
		if !ok || strings.ContainsAny(attr, "<>") {
			t.Fatalf("href attribute broken: %q", out)
		}
		body, ok := strings.CutPrefix(rest, ` class="btn-ghost">`)
		if !ok {
			t.Fatalf("href escaped its attribute: %q", out)
		}
		inner, ok := strings.CutSuffix(body, "</a>")
		if !ok || strings.ContainsAny(inner, "<>\"") {
			t.Fatalf("text escaped its element: %q", out)
		}
		if got := html.UnescapeString(inner); got != text {
			t.Fatalf("text reads back %q, want %q", got, text)
		}
		want := string(templ.FailedSanitizationURL)
		if localURL(href) {
			want = href
		}
		if got := html.UnescapeString(attr); got != want {
			t.Fatalf("href reads back %q, want %q", got, want)
		}
	})
}
