package reading

import (
	"regexp"
	"strings"
	"testing"
)

func TestRenderMarkdown(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"paragraph", "Hello world", "<p>Hello world</p>\n"},
		{"paragraphs and breaks", "a\nb\n\nc", "<p>a<br>\nb</p>\n<p>c</p>\n"},
		{"crlf", "a\r\nb", "<p>a<br>\nb</p>\n"},
		{"h1", "# Title", "<h3>Title</h3>\n"},
		{"h2", "## Career", "<h3>Career</h3>\n"},
		{"h3", "### Detail ###", "<h4>Detail</h4>\n"},
		{"not heading", "#hashtag", "<p>#hashtag</p>\n"},
		{"ul", "- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"},
		{"ul star", "* one\n* **two**", "<ul>\n<li>one</li>\n<li><strong>two</strong></li>\n</ul>\n"},
		{"ol", "1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"},
		{"ol start", "3) three", "<ol start=\"3\">\n<li>three</li>\n</ol>\n"},
		{"list then para", "- a\ntext", "<ul>\n<li>a</li>\n</ul>\n<p>text</p>\n"},
		{"list continuation", "- a\n  more", "<ul>\n<li>a<br>\nmore</li>\n</ul>\n"},
		{"ul to ol", "- a\n1. b", "<ul>\n<li>a</li>\n</ul>\n<ol>\n<li>b</li>\n</ol>\n"},
		{"bold", "a **b** c", "<p>a <strong>b</strong> c</p>\n"},
		{"em star", "a *b* c", "<p>a <em>b</em> c</p>\n"},
		{"em underscore", "a _b_ c", "<p>a <em>b</em> c</p>\n"},
		{"bold with em", "**a *b* c**", "<p><strong>a <em>b</em> c</strong></p>\n"},
		{"snake_case", "snake_case_name", "<p>snake_case_name</p>\n"},
		{"unclosed", "a **b and *c", "<p>a **b and *c</p>\n"},
		{"spaced stars", "2 * 3 * 4", "<p>2 * 3 * 4</p>\n"},
		{"escape", `\*not em\*`, "<p>*not em*</p>\n"},
		{"rule", "a\n\n---\n\nb", "<p>a</p>\n<hr>\n<p>b</p>\n"},
		{"rule stars", "***", "<hr>\n"},
		{"chinese", "## 事业\n\n**日主**为*甲木*。", "<h3>事业</h3>\n<p><strong>日主</strong>为<em>甲木</em>。</p>\n"},
		{"html escaped", "<script>alert('x')</script>", "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>\n"},
		{"html in bold", "**<b>x</b>**", "<p><strong>&lt;b&gt;x&lt;/b&gt;</strong></p>\n"},
		{"html in heading", "## <img src=x onerror=alert(1)>", "<h3>&lt;img src=x onerror=alert(1)&gt;</h3>\n"},
		{"link not rendered", "[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>\n"},
		{"entity", "a & b &amp; \"q\"", "<p>a &amp; b &amp;amp; &#34;q&#34;</p>\n"},
		{"invalid utf8", "a\xffb", "<p>a\uFFFDb</p>\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := RenderMarkdown(tc.in); got != tc.want {
				t.Errorf("RenderMarkdown(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

var allowedTag = regexp.MustCompile(`</?(p|br|h3|h4|ul|li|strong|em|hr)>|<ol( start="[0-9]+")?>|</ol>`)

func FuzzRenderMarkdown(f *testing.F) {
	for _, s := range []string{
		"## Heading\n\n- a\n- **b**\n\n1. x\n\n---\n*em* _em_ text",
		"<script>alert(1)</script>", "**<script>**", "*<img src=x>*", "\\<b>", "<<>>&&",
		"- <x>\n  <y>", "1. <ol start=\"1\">", "# <h3>", "__a__ ** * _ ",
		"\x00\xff<", "<SCRIPT", "<scr<script>ipt>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out := RenderMarkdown(src)
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("output contains <script: %q → %q", src, out)
		}
		if rest := allowedTag.ReplaceAllString(out, ""); strings.ContainsAny(rest, "<>") {
			t.Fatalf("unescaped < or > in output: %q → %q", src, out)
		}
		if strings.Contains(src, "<") && !strings.Contains(out, "&lt;") {
			t.Fatalf("a < from the input was not escaped: %q → %q", src, out)
		}
	})
}

// A list shows the start of each reading as one line of plain text.
func TestExcerpt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"## Your chart\n\nA **strong** _day_ master.\n\n---\n\nMore.", 140, "Your chart A strong day master. More."},
		{"甲乙丙丁戊", 3, "甲乙丙…"},
		{"甲乙丙", 3, "甲乙丙"},
		{"", 10, ""},
	} {
		if got := Excerpt(tc.in, tc.n); got != tc.want {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
