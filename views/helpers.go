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
	sw, ok := w.(io.StringWriter)
	if !ok {
		_, err := io.WriteString(w, templ.EscapeString(s))
		return err
	}
	return escapeTo(sw, s)
}

// escapeTo writes s escaped to sw: the runs between the bytes to escape as
// they are, each of those as its replacement. A table lookup per byte:
// strings.IndexAny rebuilt its byte set on every call, and io.WriteString
// asked w for its WriteString on every run.
func escapeTo(sw io.StringWriter, s string) error {
	for s != "" {
		i := 0
		for i < len(s) && !mustEscape[s[i]] {
			i++
		}
		if i == len(s) {
			_, err := sw.WriteString(s)
			return err
		}
		if i > 0 {
			if _, err := sw.WriteString(s[:i]); err != nil {
				return err
			}
		}
		if _, err := sw.WriteString(escapes[s[i]]); err != nil {
			return err
		}
		s = s[i+1:]
	}
	return nil
}

// appendEscaped appends s escaped to b, as escapeTo writes it.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if mustEscape[s[i]] {
			b = append(append(b, s[:i]...), escapes[s[i]]...)
			s, i = s[i+1:], -1
		}
	}
	return append(b, s...)
}

// escapes are html.EscapeString's replacements, by byte, and mustEscape
// the bytes that have one.
var (
	escapes    = [256]string{'&': "&amp;", '\'': "&#39;", '<': "&lt;", '>': "&gt;", '"': "&#34;"}
	mustEscape = func() (m [256]bool) {
		for b, r := range escapes {
			m[b] = r != ""
		}
		return m
	}()
)

// escSpace is esc followed by a space: what { s } writes where more of the
// element follows it after whitespace. templ keeps no whitespace after a
// component, so there @esc(s) would join s to what comes next.
type escSpace string

// Render writes s escaped, then a space.
func (s escSpace) Render(_ context.Context, w io.Writer) error {
	if err := writeEscaped(w, string(s)); err != nil {
		return err
	}
	_, err := io.WriteString(w, " ")
	return err
}

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

// elementIs reports whether an element key reads as the element name,
// anything but the five keys reading as water (as elementTextClass has
// it): a template writes one of five constant class attributes with it,
// where a spread attribute ({ c.attr(key)... }) went through templ's
// attribute classification, a few allocations each.
func elementIs(key, name string) bool {
	switch key {
	case "wood", "fire", "earth", "metal":
		return key == name
	}
	return name == "water"
}

var (
	pillarCharClasses = newElementClasses("block font-serif text-3xl font-bold leading-none sm:text-5xl", elementTextClass)
	hiddenStemClasses = newElementClasses("font-serif text-base font-semibold sm:text-lg", elementTextClass)
	elementTextOnly   = newElementClasses("", elementTextClass)
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
