package views

import (
	"context"
	"io"
	"strconv"
	"sync"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// The chart page's hot part is its pillar grid: about a hundred cells of
// short values, most with a class or title that depends on the value. Its
// cells are written here as Go components; everything else is templ. The
// same grid in plain templ (pillarsGridTempl, chart_grid_ref.templ) is the
// reference: TestChartGridMatchesTempl and FuzzChartGrid hold the two
// byte-identical, and BenchmarkChartGridFast against
// BenchmarkChartGridTempl shows what the Go cells save. Escaping is
// templ.EscapeString's, written without its copy (writeEscaped).

// htmlWriter gathers a component's markup and escaped text in a pooled
// buffer and writes it to the templ buffer in one piece (done): a grid
// cell is some twenty pieces, each written through templ's buffer a call
// chain of its own.
type htmlWriter struct {
	w   io.Writer
	buf *[]byte
}

var htmlBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

func newHTMLWriter(w io.Writer) htmlWriter {
	b := htmlBuffers.Get().(*[]byte)
	*b = (*b)[:0]
	return htmlWriter{w: w, buf: b}
}

// done writes what was gathered and gives the buffer back.
func (h *htmlWriter) done() error {
	_, err := h.w.Write(*h.buf)
	if cap(*h.buf) <= 64<<10 {
		htmlBuffers.Put(h.buf)
	}
	h.buf = nil
	return err
}

// raw writes s as is: markup of this package, never a value.
func (h *htmlWriter) raw(s string) { *h.buf = append(*h.buf, s...) }

// int writes n in decimal, which needs no escaping.
func (h *htmlWriter) int(n int) { *h.buf = strconv.AppendInt(*h.buf, int64(n), 10) }

// text writes s escaped, as templ writes { s } and attribute values.
func (h *htmlWriter) text(s string) { *h.buf = appendEscaped(*h.buf, s) }

// unknown writes the dash that stands for a value of the unknown hour
// (unknownCell).
func (h *htmlWriter) unknown(p Page) {
	h.raw(`<span class="text-stone-400" title="`)
	h.text(p.T("chart.hour_unknown"))
	h.raw(`">—</span>`)
}

// termTexts is a term's name, description and pinyin.
func termTexts(p Page, family, key string) (name, desc, pinyin string) {
	if p.Terms != nil {
		t := p.Terms.Get(family, key)
		return t.Name, t.Desc, t.Pinyin
	}
	return termName(p, family, key), termDesc(p, family, key), termPinyin(p, family, key)
}

// tenGodLabel writes a ten god as the reference's tenGodLabelTempl does.
func (h *htmlWriter) tenGodLabel(p Page, g bazi.TenGod) {
	h.termLabel(p, "tengod", g.Key(), g.String(), g.Pinyin())
}

// stageLabel writes a life stage as the reference's stageLabelTempl does.
func (h *htmlWriter) stageLabel(p Page, s bazi.LifeStage) {
	if isEnglish(p) {
		h.termLabel(p, "stage", s.Key(), s.String(), termPinyin(p, "stage", s.Key()))
		return
	}
	h.termLabel(p, "stage", s.Key(), "", "")
}

// termLabel writes a term as termLabelTempl does: a disclosure whose
// summary is the translated name (in English the Chinese and its pinyin
// before it) and whose body is the explanation with a link to the term's
// glossary entry, so that a tap or a key opens it without JavaScript. An
// empty zh leaves the Chinese out. The markup comes from the language's
// table (term_markup.go) when the page has one.
func (h *htmlWriter) termLabel(p Page, family, key, zh, pinyin string) {
	english := zh != "" && isEnglish(p)
	if m := termMarkupOf(p, family, key); m != nil {
		if !english {
			h.raw(m.label)
			return
		}
		h.raw(`<details class="term" name="term"><summary><span lang="zh-Hans" class="font-serif">`)
		h.text(zh)
		h.raw(`</span> <span class="text-stone-500"><i class="hidden sm:inline">`)
		h.text(pinyin)
		h.raw(` · </i>`)
		h.raw(m.name)
		h.raw(`</span></summary>`)
		h.raw(m.pop)
		h.raw(`</details>`)
		return
	}
	name, desc, _ := termTexts(p, family, key)
	h.raw(`<details class="term" name="term"><summary>`)
	if english {
		h.raw(`<span lang="zh-Hans" class="font-serif">`)
		h.text(zh)
		h.raw(`</span> <span class="text-stone-500"><i class="hidden sm:inline">`)
		h.text(pinyin)
		h.raw(` · </i>`)
		h.text(name)
		h.raw(`</span>`)
	} else {
		h.text(name)
	}
	h.raw(`</summary><span class="term-pop"><b>`)
	h.text(termPopName(p, family, key))
	h.raw(`</b> `)
	h.text(desc)
	h.raw(` <a href="/glossary#`)
	h.text(family) // the grid's families (tengod, stage, shensha, nayin) have no dot to turn into a dash (termAnchor)
	h.raw("-")
	h.text(key)
	h.raw(`" class="link">`)
	h.text(p.T("glossary.link"))
	h.raw(`</a></span></details>`)
}

// pillarRow names a row of the pillar grid.
type pillarRow int

const (
	tenGodRow pillarRow = iota
	stemRow
	branchRow
	hiddenRow
	nayinRow
	stageRow
	selfStageRow
	kongwangRow
	starsRow
	numPillarRows
)

// pillarCellOpen are the rows' opening cell tags, by row and pillar:
// <td class="…" data-testid="<row>-<pillar>">, without the test id in the
// rows that have none.
var pillarCellOpen = func() (open [numPillarRows][4]string) {
	rows := [numPillarRows]struct{ prefix, class string }{
		tenGodRow:    {"", "break-words px-0.5 py-1 sm:p-2 sm:text-sm"},
		stemRow:      {"stem", "break-words px-0.5 py-1 sm:p-2"},
		branchRow:    {"branch", "break-words px-0.5 py-1 sm:p-2"},
		hiddenRow:    {"hidden", "break-words px-0.5 py-1 sm:p-2 align-top sm:text-sm"},
		nayinRow:     {"nayin", "break-words px-0.5 py-1 sm:p-2 sm:text-sm"},
		stageRow:     {"stage", "break-words px-0.5 py-1 sm:p-2 sm:text-sm"},
		selfStageRow: {"", "break-words px-0.5 py-1 sm:p-2 sm:text-sm"},
		kongwangRow:  {"kongwang", "break-words px-0.5 py-1 sm:p-2 sm:text-sm"},
		starsRow:     {"", "break-words px-0.5 py-1 sm:p-2 align-top text-[10px] sm:text-xs"},
	}
	for r, row := range rows {
		for pos := range open[r] {
			open[r][pos] = `<td class="` + row.class + `">`
			if row.prefix != "" {
				open[r][pos] = `<td class="` + row.class + `" data-testid="` + templ.EscapeString(row.prefix+"-"+pillarKey(pos)) + `">`
			}
		}
	}
	return open
}()

// pillarCell is one cell of the pillar grid: the pillar's value in that
// row, or the unknown hour's dash, as the reference's cell writes it.
type pillarCell struct {
	p   Page
	v   *ChartView
	row pillarRow
	pos int
}

// Render implements templ.Component.
func (c pillarCell) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	p := c.p
	h.raw(pillarCellOpen[c.row][c.pos])
	d := c.v.PillarAt(c.pos)
	if d == nil {
		h.unknown(p)
		h.raw("</td>")
		return h.done()
	}
	english := isEnglish(p)
	switch c.row {
	case tenGodRow:
		h.tenGodLabel(p, d.TenGod)
	case stemRow, branchRow:
		char, element, polarity, pinyin := d.Stem, d.StemElement, d.StemPolarity, d.StemPinyin
		if c.row == branchRow {
			char, element, polarity, pinyin = d.Branch, d.BranchElement, d.BranchPolarity, d.BranchPinyin
		}
		elementName := termName(p, "element", element)
		h.raw(`<span class="`)
		h.raw(pillarCharClasses.of(element))
		h.raw(`" title="`)
		h.text(elementName)
		h.raw(`">`)
		h.text(char)
		h.raw(`</span> <span class="block text-[10px] text-stone-500 sm:text-xs">`)
		switch {
		case english:
			h.raw(`<span class="hidden sm:inline">`)
			h.text(pinyin)
			h.raw(" · </span> ")
		case p.Lang == i18n.Korean:
			// 천간/지지 in Hangul beside the Hanja, on phones too.
			h.raw(`<span class="font-semibold" data-testid="glyph-reading">`)
			h.text(glyphReading(p, char))
			h.raw("</span> · ")
		case p.Lang == i18n.Japanese:
			h.raw(`<span class="hidden sm:inline" data-testid="glyph-reading">`)
			h.text(glyphReading(p, char))
			h.raw(" · </span> ")
		}
		h.text(phrase(p, "term.polarity_element", termName(p, "polarity", polarity), elementName))
		if c.row == branchRow {
			h.raw(" · ")
			h.text(termName(p, "animal", lower(d.Animal)))
			h.raw("</span>")
			break
		}
		h.raw("</span> ")
		if c.pos == bazi.PosDay {
			h.raw(`<span class="mt-1 inline-block rounded-full bg-brand px-1.5 py-0.5 text-[10px] font-semibold sm:px-2 sm:text-xs text-white dark:bg-brand-dark dark:text-stone-950" data-testid="day-master">`)
			h.text(p.T("term.daymaster"))
			h.raw("</span>")
		}
	case hiddenRow:
		h.raw(`<ul class="space-y-0.5 sm:space-y-1">`)
		for _, hs := range d.HiddenStems {
			role := hs.Role.String()
			h.raw(`<li><details class="term" name="term"><summary><span class="`)
			h.raw(hiddenStemClasses.of(hs.Element))
			h.raw(`" data-testid="hidden-stem">`)
			h.text(hs.Stem.String())
			h.raw(`</span> `)
			if p.Lang == i18n.Korean { // 지장간 in Hangul beside the Hanja
				h.raw(`<span class="ml-0.5 text-[10px] sm:text-xs" data-testid="hidden-stem-hangul">`)
				h.text(glyphReading(p, hs.Stem.String()))
				h.raw(`</span> `)
			}
			h.raw(`<span class="sr-only">`)
			h.raw(" · ")
			if m := termMarkupOf(p, "hidden.role", role); m != nil {
				h.raw(m.name)
				h.raw(`</span></summary>`)
				h.raw(m.pop)
			} else {
				name, desc, _ := termTexts(p, "hidden.role", role)
				h.text(name)
				h.raw(`</span></summary><span class="term-pop"><b>`)
				h.text(termPopName(p, "hidden.role", role))
				h.raw(`</b> `)
				h.text(desc)
				h.raw(` <a href="/glossary#hidden-role-`)
				h.text(role)
				h.raw(`" class="link">`)
				h.text(p.T("glossary.link"))
				h.raw(`</a></span>`)
			}
			h.raw(`</details><div class="text-[10px] leading-tight sm:text-xs">`)
			h.tenGodLabel(p, hs.TenGod)
			h.raw("</div></li>")
		}
		h.raw("</ul>")
	case nayinRow:
		key := nayinIndex(d.NaYin)
		h.raw(`<div class="`)
		h.raw(elementTextOnly.of(d.NaYinElement))
		h.raw(`">`)
		h.termLabel(p, "nayin", key, "", "")
		h.raw("</div>")
		if english {
			h.raw(`<span class="hidden text-xs text-stone-500 sm:block"><span lang="zh-Hans">`)
			h.text(d.NaYin.String())
			h.raw(`</span> <i>`)
			h.text(termPinyin(p, "nayin", key))
			h.raw(`</i></span>`)
		}
	case stageRow:
		h.stageLabel(p, d.Stage)
	case selfStageRow:
		h.stageLabel(p, d.SelfStage)
	case kongwangRow:
		h.raw(`<span class="font-serif">`)
		h.text(d.KongWang.Void)
		h.raw("</span> ")
		if p.Lang == i18n.Korean {
			h.raw(`<span class="text-[10px] sm:text-xs">`)
			h.text(hangulOf(p, d.KongWang.Void))
			h.raw("</span>")
		}
		h.raw(" ") // as templ writes the line after the if
		if d.KongWang.VoidByDay || d.KongWang.VoidByYear {
			h.raw(`<span class="ml-1 rounded bg-stone-200 px-1 text-xs dark:bg-stone-700" title="`)
			h.text(p.T("chart.void_here"))
			h.raw(`">`)
			h.text(p.T("chart.void"))
			h.raw("</span>")
		}
	case starsRow:
		h.raw(`<ul class="space-y-0.5">`)
		for _, s := range c.v.Chart.ShenSha {
			if int(s.Pos) == c.pos {
				h.raw("<li>")
				h.termLabel(p, "shensha", s.Key(), "", "")
				h.raw("</li>")
			}
		}
		h.raw("</ul>")
	}
	h.raw("</td>")
	return h.done()
}
