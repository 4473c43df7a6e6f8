package reading

import "strings"

// MarkdownStream renders a Markdown text while it arrives, so a page never
// shows its syntax: each piece yields the HTML of the blocks it completed
// (rendered once, appended to those sent before) and the HTML of the block
// still being written (re-rendered each time, replacing the one sent
// before). The cost of a piece is bounded by the open block, not by the
// text so far.
//
// A block ends after a blank line, a heading or a rule: RenderMarkdown's
// state is empty there, so the blocks rendered one by one, joined, are the
// whole text rendered at once.
type MarkdownStream struct {
	src  strings.Builder
	done int // end of the completed blocks in src
	scan int // start of the first line not yet looked at
}

// Write adds a piece of text. closed is the HTML of the blocks the piece
// completed ("" when none); open is the HTML of the block being written.
func (m *MarkdownStream) Write(piece string) (closed, open string) {
	m.src.WriteString(piece)
	s := m.src.String()
	end := m.done
	for {
		i := strings.IndexByte(s[m.scan:], '\n')
		if i < 0 {
			break
		}
		line := strings.TrimSpace(s[m.scan : m.scan+i])
		m.scan += i + 1
		if line == "" || isRule(line) {
			end = m.scan
		} else if _, _, ok := mdHeading(line); ok {
			end = m.scan
		}
	}
	if end > m.done {
		closed = RenderMarkdown(s[m.done:end])
		m.done = end
	}
	return closed, RenderMarkdown(m.openSource(s[m.done:]))
}

// openSource is the open block with its last, unfinished line tidied up:
// markers that may be half written are dropped and a "**" or "*" still
// waiting for its closing one is closed, so "**壬" shows as bold, not as
// asterisks, until the rest arrives.
func (m *MarkdownStream) openSource(block string) string {
	start := strings.LastIndexByte(block, '\n') + 1
	line := strings.TrimRight(block[start:], "*_ \t")
	if line == "" {
		return block[:start]
	}
	bold := strings.Count(line, "**")
	if bold%2 == 1 {
		line += "**"
		bold++
	}
	if (strings.Count(line, "*")-2*bold)%2 == 1 {
		line += "*"
	}
	return block[:start] + line
}
