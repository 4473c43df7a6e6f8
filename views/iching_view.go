package views

import (
	"net/url"
	"strconv"

	"github.com/bazi-master/bazi-master/iching"
)

// IChingFormView is the cast form: the values entered and the refusals by
// field (translated).
type IChingFormView struct {
	Method, Lines, N1, N2, N3, At, TZ, Question string
	Errors                                      map[string]string
}

// IChingView is one cast's page.
type IChingView struct {
	Query    string // the page's canonical query (for readings and links)
	Question string
	Method   string
	At, TZ   string
	Numbers  []int
	Cast     iching.Cast
	Guide    iching.Guide
	// Primary and Resulting (nil when no line changes) and the related
	// hexagrams of the primary.
	Primary, Resulting          *iching.Hexagram
	Nuclear, Opposite, Reversed *iching.Hexagram
	// Shared is a read-only share link's page: no reading panel, no
	// history controls.
	Shared bool
	// KeptURL is where a signed-in user finds the cast in their history
	// ("" when it was not kept).
	KeptURL     string
	ReadingLeft *ReadingAllowance
}

// ichingLine is one line as drawn: bottom first.
type ichingLine struct {
	Pos      int
	Value    int
	Yang     bool
	Changing bool
}

// ichingLines are the cast's lines from the top down, as a hexagram is
// drawn.
func ichingLines(c iching.Cast) []ichingLine {
	out := make([]ichingLine, 0, 6)
	for i := 5; i >= 0; i-- {
		l := c.Lines[i]
		out = append(out, ichingLine{Pos: i + 1, Value: int(l), Yang: l.Yang(), Changing: l.Changing()})
	}
	return out
}

// hexagramLines are a hexagram's lines from the top down, none changing.
func hexagramLines(h *iching.Hexagram) []ichingLine {
	out := make([]ichingLine, 0, 6)
	for n := 6; n >= 1; n-- {
		out = append(out, ichingLine{Pos: n, Yang: h.Yang(n)})
	}
	return out
}

// hexagramURL is a cast page of h alone (no line changing), for the
// related hexagrams' links.
func hexagramURL(h *iching.Hexagram) string {
	b := make([]byte, 6)
	for i := range b {
		b[i] = '8'
		if h.Yang(i + 1) {
			b[i] = '7'
		}
	}
	return "/iching?" + url.Values{"lines": {string(b)}, "method": {"lines"}}.Encode()
}

// hexTitle is "30 离 Lí · The Clinging" in the page's language.
func hexTitle(p Page, h *iching.Hexagram) string {
	lang := string(p.Lang)
	s := strconv.Itoa(h.Number) + " " + h.Name.In(lang)
	if lang == "en" {
		return s + " · " + h.Name.Hans + " " + h.Name.Pinyin
	}
	return s + " · " + h.Name.Pinyin
}

// trigramsLine is "☵ 坎 water over ☳ 震 thunder" in the page's language.
func trigramsLine(p Page, h *iching.Hexagram) string {
	lang := string(p.Lang)
	up, lo := h.Upper(), h.Lower()
	return p.T("iching.trigrams", up.Symbol()+" "+up.Name(lang)+" ("+up.Image(lang)+")", lo.Symbol()+" "+lo.Name(lang)+" ("+lo.Image(lang)+")")
}

// isZh reports whether the page is in Chinese (the classical text then
// stands alone, with no English rendering beside it).
func isZh(p Page) bool { return p.Lang == "zh-Hans" || p.Lang == "zh-Hant" }

// ichingLineAnchor is the id of a line text in the page.
func ichingLineAnchor(src iching.Source, n int) string {
	prefix := "p"
	if src == iching.FromResulting {
		prefix = "r"
	}
	return "ic-" + prefix + "-" + strconv.Itoa(n)
}

// ichingMethods lists the methods in the form's order.
var ichingMethods = iching.Methods
