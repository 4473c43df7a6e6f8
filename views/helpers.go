package views

import (
	"context"
	"io"
	"strings"

	"github.com/a-h/templ"
)

// Small helpers of the templates: text written without templ's fmt.Sprint,
// class attributes built once, and the check that keeps links local.

// esc is text written escaped, exactly as { s } writes it. Use it as
// @esc(s): templ calls its Render directly, so it costs no allocation,
// where { s } formats its value with fmt.Sprint (two allocations).
type esc string

// Render writes s escaped as templ escapes text.
func (s esc) Render(_ context.Context, w io.Writer) error { return writeEscaped(w, string(s)) }

// writeEscaped writes s escaped exactly as templ.EscapeString does (its
// html.EscapeString: & ' < > "), without building the escaped copy that
// templ.EscapeString allocates for every string holding one of them: a
// chart page has hundreds (every link's "&"). FuzzWriteEscaped holds the
// two equal.
func writeEscaped(w io.Writer, s string) error {
	for {
		// A table lookup per byte: strings.IndexAny rebuilt its byte set on
		// every call, a quarter of the chart page's render.
		i := 0
		for i < len(s) && escapes[s[i]] == "" {
			i++
		}
		if i == len(s) {
			_, err := io.WriteString(w, s)
			return err
		}
		if _, err := io.WriteString(w, s[:i]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, escapes[s[i]]); err != nil {
			return err
		}
		s = s[i+1:]
	}
}

// escapes are html.EscapeString's replacements, by byte.
var escapes = [256]string{'&': "&amp;", '\'': "&#39;", '<': "&lt;", '>': "&gt;", '"': "&#34;"}

// tr is the translated text of key, written as { p.T(key) } would.
func tr(p Page, key string) esc { return esc(p.T(key)) }

// term is a term's translated name, written as { termName(p, family, key) } would.
func term(p Page, family, key string) esc { return esc(termName(p, family, key)) }

// classAttr is a class attribute built once, spread into an element as
// { c... } where the class depends on a value (class={ … } would rebuild
// the class list on every render).
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
	pillarCharClasses = newElementClasses("block font-serif text-3xl font-bold leading-none sm:text-5xl", elementTextClass)
	hiddenStemClasses = newElementClasses("font-serif text-base font-semibold sm:text-lg", elementTextClass)
	elementTextOnly   = newElementClasses("", elementTextClass)
	elementFillOnly   = newElementClasses("", elementFillClass)
	favourableChips   = newElementClasses("ml-1 rounded px-2 py-0.5 font-medium", elementChipClass)
	relationChips     = newElementClasses("ml-1 rounded px-1.5 text-xs", elementChipClass)
)

// localHref is a link the handler built, for an href: as it is when it is
// a path on this site, a query or a fragment (and templ's sanitizing
// passes it), else templ's failed-sanitization marker, so that a bug
// upstream cannot turn into a link to another site or a script.
func localHref(s string) templ.SafeURL {
	switch {
	case strings.HasPrefix(s, "//"), strings.HasPrefix(s, `/\`):
		return templ.FailedSanitizationURL
	case strings.HasPrefix(s, "/"), strings.HasPrefix(s, "?"), strings.HasPrefix(s, "#"):
		return templ.URL(s)
	}
	return templ.FailedSanitizationURL
}

// starNameClasses colour a 神煞's name by its nature.
var starNameClasses = struct{ auspicious, inauspicious, other *classAttr }{
	auspicious:   newClassAttr("font-medium text-wood dark:text-wood-dark"),
	inauspicious: newClassAttr("font-medium text-fire dark:text-fire-dark"),
	other:        newClassAttr("font-medium"),
}

// starNameClass is the class attribute of a 神煞's name, to spread.
func starNameClass(nature string) *classAttr {
	switch nature {
	case "auspicious":
		return starNameClasses.auspicious
	case "inauspicious":
		return starNameClasses.inauspicious
	}
	return starNameClasses.other
}

var navClassAttrs = [2]*classAttr{newClassAttr(headerNavClass(false)), newClassAttr(headerNavClass(true))}

// navClassAttr is headerNavClass as an attribute to spread.
func navClassAttr(active bool) *classAttr {
	if active {
		return navClassAttrs[1]
	}
	return navClassAttrs[0]
}
