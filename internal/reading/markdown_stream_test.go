package reading

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Fed a text in pieces of any size, the stream's closed blocks joined with
// the last open block are the text rendered at once, and no piece shows
// Markdown syntax: heading marks or the stars of an unfinished "**".
func TestMarkdownStreamMatchesWholeRender(t *testing.T) {
	text := "## 命盘总览\n\n**壬**水日主，生于*寅*月。\n第二行\n\n- 一\n- **二**\n  续\n\n---\n\n### Detail\nA paragraph after a heading.\n1. one\n2. two"
	whole := RenderMarkdown(text)
	for _, size := range []int{1, 2, 3, 5, 8, 13, len(text)} {
		var m MarkdownStream
		var got strings.Builder
		open := ""
		rest := text
		for rest != "" {
			n := min(size, len(rest))
			for !utf8.ValidString(rest[:n]) {
				n++
			}
			closed, o := m.Write(rest[:n])
			rest = rest[n:]
			got.WriteString(closed)
			open = o
			shown := got.String() + open
			for _, syntax := range []string{"##", "**", "<p>- "} {
				if strings.Contains(shown, syntax) {
					t.Fatalf("size %d: %q shows %q:\n%s", size, text[:len(text)-len(rest)], syntax, shown)
				}
			}
		}
		if got.String()+open != whole {
			t.Fatalf("size %d: streamed\n%s\nwant\n%s", size, got.String()+open, whole)
		}
	}
}

// A piece re-renders only the open block: blocks already closed are not
// sent again.
func TestMarkdownStreamSendsClosedBlocksOnce(t *testing.T) {
	var m MarkdownStream
	if c, o := m.Write("## A\n"); c != "<h3>A</h3>\n" || o != "" {
		t.Fatalf("heading: closed %q open %q", c, o)
	}
	if c, o := m.Write("text **bo"); c != "" || o != "<p>text <strong>bo</strong></p>\n" {
		t.Fatalf("open paragraph: closed %q open %q", c, o)
	}
	if c, o := m.Write("ld**\n\nnext"); c != "<p>text <strong>bold</strong></p>\n" || o != "<p>next</p>\n" {
		t.Fatalf("closed paragraph: closed %q open %q", c, o)
	}
}
