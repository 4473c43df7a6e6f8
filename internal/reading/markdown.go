package reading

import (
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Excerpt is the start of a Markdown text as one line of plain text: the
// markup's characters dropped, white space collapsed, at most n runes (and
// "…" when cut), for lists of readings.
func Excerpt(src string, n int) string {
	s := strings.Join(strings.Fields(strings.NewReplacer("#", "", "*", "", "_", "", "---", "").Replace(src)), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// RenderMarkdown renders the Markdown subset the prompt asks for into HTML.
// Every piece of source text is HTML-escaped: raw HTML in src shows as
// text, links and images are not rendered, and the only tags produced are
// p, br, h3, h4, ul, ol (with start="N"), li, strong, em and hr.
//
// Supported: paragraphs (single newlines become <br>), "#"/"##" headings
// (h3) and "###"… headings (h4), "-", "*", "+" and "1." / "1)" list items
// (one level; indented lines continue the item), "**bold**", "*em*" and
// "_em_", "---" / "***" / "___" rules, and backslash escapes.
func RenderMarkdown(src string) string {
	if !utf8.ValidString(src) {
		src = strings.ToValidUTF8(src, "\uFFFD")
	}
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")

	var b strings.Builder
	b.Grow(len(src) + len(src)/4)
	var para []string // lines of the open paragraph
	var item []string // lines of the open list item
	list := ""        // "ul", "ol" or "" when no list is open

	flushPara := func() {
		if len(para) == 0 {
			return
		}
		b.WriteString("<p>")
		for i, l := range para {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			renderInline(&b, l)
		}
		b.WriteString("</p>\n")
		para = para[:0]
	}
	flushItem := func() {
		if len(item) == 0 {
			return
		}
		b.WriteString("<li>")
		for i, l := range item {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			renderInline(&b, l)
		}
		b.WriteString("</li>\n")
		item = item[:0]
	}
	closeList := func() {
		if list == "" {
			return
		}
		flushItem()
		b.WriteString("</" + list + ">\n")
		list = ""
	}

	for line := range strings.SplitSeq(src, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flushPara()
			closeList()
			continue
		case isRule(t):
			flushPara()
			closeList()
			b.WriteString("<hr>\n")
			continue
		}
		if level, text, ok := mdHeading(t); ok {
			flushPara()
			closeList()
			tag := "h3"
			if level >= 3 {
				tag = "h4"
			}
			b.WriteString("<" + tag + ">")
			renderInline(&b, text)
			b.WriteString("</" + tag + ">\n")
			continue
		}
		if kind, start, text, ok := mdListItem(t); ok {
			flushPara()
			if list != kind {
				closeList()
				list = kind
				if kind == "ol" && start != 1 {
					b.WriteString(`<ol start="` + strconv.Itoa(start) + `">` + "\n")
				} else {
					b.WriteString("<" + kind + ">\n")
				}
			} else {
				flushItem()
			}
			item = append(item, text)
			continue
		}
		if list != "" && len(item) > 0 && line != t && (line[0] == ' ' || line[0] == '\t') {
			item = append(item, t) // an indented line continues the item
			continue
		}
		closeList()
		para = append(para, t)
	}
	flushPara()
	closeList()
	return b.String()
}

// isRule reports whether t is a thematic break: three or more of the same
// '-', '*' or '_', optionally separated by spaces.
func isRule(t string) bool {
	c := t[0]
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// mdHeading parses "# text" … "###### text".
func mdHeading(t string) (level int, text string, ok bool) {
	for level < len(t) && t[level] == '#' {
		level++
	}
	if level == 0 || level > 6 {
		return 0, "", false
	}
	if level < len(t) && t[level] != ' ' && t[level] != '\t' {
		return 0, "", false
	}
	text = strings.TrimSpace(t[level:])
	text = strings.TrimSpace(strings.TrimRight(text, "#")) // closing hashes
	return level, text, true
}

// mdListItem parses "- x", "* x", "+ x", "1. x" and "1) x".
func mdListItem(t string) (kind string, start int, text string, ok bool) {
	if len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t') {
		return "ul", 0, strings.TrimSpace(t[2:]), true
	}
	if len(t) == 1 && (t[0] == '-' || t[0] == '*' || t[0] == '+') {
		return "ul", 0, "", true
	}
	i := 0
	for i < len(t) && i < 9 && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 || i >= len(t) || (t[i] != '.' && t[i] != ')') {
		return "", 0, "", false
	}
	if i+1 < len(t) && t[i+1] != ' ' && t[i+1] != '\t' {
		return "", 0, "", false
	}
	n, err := strconv.Atoi(t[:i])
	if err != nil {
		return "", 0, "", false
	}
	return "ol", n, strings.TrimSpace(t[i+1:]), true
}

// renderInline writes s with **bold**, *em*, _em_ and backslash escapes,
// escaping all text.
func renderInline(b *strings.Builder, s string) {
	lit := 0 // start of the pending literal text
	flush := func(end int) {
		if end > lit {
			b.WriteString(html.EscapeString(s[lit:end]))
		}
	}
	// none[c] is set once no further c occurs: later searches would fail too.
	var noneStar, noneUnder bool
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			flush(i)
			b.WriteString(html.EscapeString(s[i+1 : i+2]))
			i += 2
			lit = i
			continue
		case c == '*' && i+1 < len(s) && s[i+1] == '*':
			if !noneStar {
				if j := strings.Index(s[i+2:], "**"); j < 0 {
					noneStar = !strings.Contains(s[i+2:], "*")
				} else if inner := s[i+2 : i+2+j]; flanked(inner) {
					flush(i)
					b.WriteString("<strong>")
					renderInline(b, inner)
					b.WriteString("</strong>")
					i += 4 + j
					lit = i
					continue
				}
			}
			i += 2 // a literal "**"
			continue
		case c == '*' || c == '_':
			if (c == '*' && noneStar) || (c == '_' && noneUnder) {
				i++
				continue
			}
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				if c == '*' {
					noneStar = true
				} else {
					noneUnder = true
				}
				i++
				continue
			}
			end := i + 1 + j
			inner := s[i+1 : end]
			ok := flanked(inner)
			if ok && c == '_' {
				// intra-word underscores (snake_case) stay literal
				ok = !wordByteBefore(s, i) && !wordByteAfter(s, end+1)
			}
			if ok && c == '*' && end+1 < len(s) && s[end+1] == '*' {
				ok = false // part of a "**"
			}
			if ok {
				flush(i)
				b.WriteString("<em>")
				renderInline(b, inner)
				b.WriteString("</em>")
				i = end + 1
				lit = i
				continue
			}
			i++
			continue
		}
		i++
	}
	flush(len(s))
}

// flanked reports whether inner is non-empty and neither starts nor ends
// with a space.
func flanked(inner string) bool {
	if inner == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(inner)
	l, _ := utf8.DecodeLastRuneInString(inner)
	return !unicode.IsSpace(r) && !unicode.IsSpace(l)
}

func wordByteBefore(s string, i int) bool {
	if i == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func wordByteAfter(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isASCIIPunct(c byte) bool {
	return c < 0x80 && unicode.IsPunct(rune(c)) || c == '`' || c == '<' || c == '>' || c == '|' || c == '~' || c == '^' || c == '$' || c == '+' || c == '='
}
