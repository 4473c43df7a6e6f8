package views

import (
	"context"
	"html"
	"io"
	"sync"
	"sync/atomic"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/bazi"
)

// The chart page renders hundreds of small values; these helpers keep that
// cheap. templ writes a text expression { s } through fmt.Sprint and a class
// expression class={ … } through a map of class names, a few allocations
// each; the forms below write the same bytes without them.

// esc is text written HTML-escaped, exactly as { s } would write it. Use it
// as @esc(s): templ calls its Render directly, so it costs no allocation.
type esc string

// Render writes s escaped as html.EscapeString does.
func (s esc) Render(_ context.Context, w io.Writer) error {
	sw, ok := w.(io.StringWriter)
	if !ok {
		_, err := io.WriteString(w, html.EscapeString(string(s)))
		return err
	}
	rest := string(s)
	for i := 0; i < len(rest); i++ {
		rep := escapes[rest[i]]
		if rep == "" {
			continue
		}
		if _, err := sw.WriteString(rest[:i]); err != nil {
			return err
		}
		if _, err := sw.WriteString(rep); err != nil {
			return err
		}
		rest, i = rest[i+1:], -1
	}
	_, err := sw.WriteString(rest)
	return err
}

// escapes are html.EscapeString's replacements, by byte.
var escapes = [256]string{'&': "&amp;", '\'': "&#39;", '<': "&lt;", '>': "&gt;", '"': "&#34;"}

// classAttr is a class attribute built once, spread into an element as
// { c... } where the class depends on a value (class={ … } would rebuild
// the string on every render).
type classAttr struct{ items []templ.KeyValue[string, any] }

// Items implements templ.Attributer.
func (c *classAttr) Items() []templ.KeyValue[string, any] { return c.items }

func newClassAttr(class string) *classAttr {
	return &classAttr{items: []templ.KeyValue[string, any]{{Key: "class", Value: class}}}
}

// elementClasses is a class list per five-element key: base followed by
// the element's own classes, built once, as a string and as an attribute.
type elementClasses struct {
	class [5]string
	attrs [5]*classAttr
}

func newElementClasses(base string, of func(key string) string) *elementClasses {
	e := &elementClasses{}
	for i, key := range [5]string{"wood", "fire", "earth", "metal", "water"} {
		e.class[i] = of(key)
		if base != "" {
			e.class[i] = base + " " + e.class[i]
		}
		e.attrs[i] = newClassAttr(e.class[i])
	}
	return e
}

// index is the element key's slot (water for anything else, as
// elementTextClass does).
func (e *elementClasses) index(key string) int {
	switch key {
	case "wood":
		return 0
	case "fire":
		return 1
	case "earth":
		return 2
	case "metal":
		return 3
	}
	return 4
}

// of is the class list of an element key.
func (e *elementClasses) of(key string) string { return e.class[e.index(key)] }

// attr is the class attribute of an element key, to spread: { c.attr(key)... }.
func (e *elementClasses) attr(key string) *classAttr { return e.attrs[e.index(key)] }

var (
	pillarCharClasses = newElementClasses("block font-serif text-4xl font-bold sm:text-5xl", elementTextClass)
	hiddenStemClasses = newElementClasses("font-serif text-lg font-semibold", elementTextClass)
	elementTextOnly   = newElementClasses("", elementTextClass)
	elementFillOnly   = newElementClasses("", elementFillClass)
	favourableChips   = newElementClasses("ml-1 rounded px-2 py-0.5 font-medium", elementChipClass)
	relationChips     = newElementClasses("ml-1 rounded px-1.5 text-xs", elementChipClass)
)

// classSpan is <span class="…" attr="value">text</span>, written directly.
// The class must be one of this package's constant class lists (it is
// written as is); the attribute value and the text are escaped. It serves
// the spans whose class depends on a value, hundreds per chart page.
type classSpan struct{ class, attr, value, text string }

// span is <span class="class">text</span>.
func span(class, text string) classSpan { return classSpan{class: class, text: text} }

// spanWith is <span class="class" attr="value">text</span>.
func spanWith(class, attr, value, text string) classSpan {
	return classSpan{class: class, attr: attr, value: value, text: text}
}

// Render implements templ.Component.
func (s classSpan) Render(ctx context.Context, w io.Writer) error {
	if _, err := io.WriteString(w, `<span class="`); err != nil {
		return err
	}
	if _, err := io.WriteString(w, s.class); err != nil {
		return err
	}
	if s.attr != "" {
		if _, err := io.WriteString(w, `" `); err != nil {
			return err
		}
		if _, err := io.WriteString(w, s.attr); err != nil {
			return err
		}
		if _, err := io.WriteString(w, `="`); err != nil {
			return err
		}
		if err := esc(s.value).Render(ctx, w); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(w, `">`); err != nil {
		return err
	}
	if err := esc(s.text).Render(ctx, w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "</span>")
	return err
}

// termKeyCache caches the message keys "term.<family>.<key><suffix>" so
// that looking up a term does not build its key on every render (the key
// would escape to p.T). Keys come from the chart (a few hundred distinct
// ones), never from the request. Reads take no lock: a miss copies the map
// and publishes the copy.
type termKeyCache struct {
	suffix string
	mu     sync.Mutex
	m      atomic.Pointer[map[termID]string] // (family, key) → message key
}

// termID names a term; as a map key it hashes its two parts without
// joining them into a new string.
type termID struct{ family, key string }

var (
	termNameKeys   = &termKeyCache{}
	termDescKeys   = &termKeyCache{suffix: ".desc"}
	termPinyinKeys = &termKeyCache{suffix: ".pinyin"}
)

func (c *termKeyCache) key(family, key string) string {
	ref := termID{family, key}
	if m := c.m.Load(); m != nil {
		if s, ok := (*m)[ref]; ok {
			return s
		}
	}
	s := "term." + family + "." + key + c.suffix
	c.mu.Lock()
	defer c.mu.Unlock()
	next := map[termID]string{}
	if old := c.m.Load(); old != nil {
		if len(*old) >= 2048 {
			return s
		}
		for k, v := range *old {
			next[k] = v
		}
	}
	next[ref] = s
	c.m.Store(&next)
	return s
}

// tr is the translated text of key, written as { p.T(key) } would.
func tr(p Page, key string) esc { return esc(p.T(key)) }

// term is a term's translated name, written as { termName(p, family, key) } would.
func term(p Page, family, key string) esc { return esc(termName(p, family, key)) }

// starNameClass colours a 神煞's name by its nature.
func starNameClass(nature string) string {
	switch nature {
	case "auspicious":
		return "font-medium text-wood dark:text-wood-dark"
	case "inauspicious":
		return "font-medium text-fire dark:text-fire-dark"
	}
	return "font-medium"
}

// space is the one space templ writes after an element followed by a line
// break. It writes none after a component call, so @space follows a
// @span(…) that stands where such an element stood.
const space = esc(" ")

var navClassAttrs = [2]*classAttr{newClassAttr(navClass(false)), newClassAttr(navClass(true))}

// navClassAttr is navClass as an attribute to spread.
func navClassAttr(active bool) *classAttr {
	if active {
		return navClassAttrs[1]
	}
	return navClassAttrs[0]
}

// pillarTestIDs are the pillar grid's data-testid values, "<prefix>-<pillar>".
var pillarTestIDs = func() map[string][4]string {
	m := map[string][4]string{}
	for _, prefix := range []string{"stem", "branch", "hidden", "nayin", "stage", "kongwang"} {
		var ids [4]string
		for pos := range ids {
			ids[pos] = prefix + "-" + pillarKey(pos)
		}
		m[prefix] = ids
	}
	return m
}()

// pillarTestID is prefix + "-" + pillarKey(pos), from the table when it has it.
func pillarTestID(prefix string, pos int) string {
	if ids, ok := pillarTestIDs[prefix]; ok && pos >= 0 && pos < len(ids) {
		return ids[pos]
	}
	return prefix + "-" + pillarKey(pos)
}

// monthsLink is a 流年 row's link to the months of its year:
//
//	<a href="{yearURL}" hx-get="{yearFragment}" hx-target="#liuyue" class="link text-xs" data-testid="open-liuyue">{label}</a>
//
// written piece by piece, so that the two long URLs (ten rows a page) are
// neither built nor escaped as whole strings.
type monthsLink struct{ self, query, luck, year, label string }

func newMonthsLink(v ChartView, luck int32, year, label string) monthsLink {
	return monthsLink{self: v.SelfURL, query: v.Query, luck: i32(luck), year: year, label: label}
}

// Render implements templ.Component.
func (l monthsLink) Render(ctx context.Context, w io.Writer) error {
	var err error
	raw := func(s string) {
		if err == nil {
			_, err = io.WriteString(w, s)
		}
	}
	text := func(s string) {
		if err == nil {
			err = esc(s).Render(ctx, w)
		}
	}
	raw(`<a href="`)
	if l.self != "" {
		text(l.self)
		raw("?luck=")
	} else {
		raw("/chart?")
		text(l.query)
		raw("&amp;luck=")
	}
	text(l.luck)
	raw("&amp;year=")
	text(l.year)
	raw(`#liuyue" hx-get="`)
	if l.self != "" {
		text(l.self)
		raw("?part=liuyue&amp;year=")
	} else {
		raw("/chart/liuyue?")
		text(l.query)
		raw("&amp;year=")
	}
	text(l.year)
	raw(`" hx-target="#liuyue" class="link text-xs" data-testid="open-liuyue">`)
	text(l.label)
	raw("</a>")
	return err
}

// gauge holds the strength gauge's constant bands (x and width on a
// 300-unit scale), formatted once rather than on every render.
var gauge = struct {
	veryWeakW, weakX, weakW, balancedX, balancedW, strongX, strongW, veryStrongX, veryStrongW string
}{
	veryWeakW:   barWidth(bazi.VeryWeakBelow, 300),
	weakX:       barWidth(bazi.VeryWeakBelow, 300),
	weakW:       barWidth(bazi.WeakBelow-bazi.VeryWeakBelow, 300),
	balancedX:   barWidth(bazi.WeakBelow, 300),
	balancedW:   barWidth(bazi.BalancedUpTo-bazi.WeakBelow, 300),
	strongX:     barWidth(bazi.BalancedUpTo, 300),
	strongW:     barWidth(bazi.StrongUpTo-bazi.BalancedUpTo, 300),
	veryStrongX: barWidth(bazi.StrongUpTo, 300),
	veryStrongW: barWidth(100-bazi.StrongUpTo, 300),
}

// elementsDesc is the text alternative of the elements chart, for each
// element "<name> <share>% (<count>).", as one component rather than three
// text expressions an element.
type elementsDesc struct {
	p Page
	e bazi.ElementBalance
}

func newElementsDesc(p Page, e bazi.ElementBalance) elementsDesc { return elementsDesc{p: p, e: e} }

// Render implements templ.Component.
func (d elementsDesc) Render(ctx context.Context, w io.Writer) error {
	for _, el := range elementOrder {
		for _, part := range [...]string{termName(d.p, "element", el.Key()), " ", pct(d.e.Percent.Get(el)), "% (", itoa(d.e.Counts.Get(el)), ")."} {
			if err := esc(part).Render(ctx, w); err != nil {
				return err
			}
		}
	}
	return nil
}
