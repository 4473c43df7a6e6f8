package views

import (
	"context"
	"io"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/internal/i18n"
)

// A chart page shows about eighty terms, each a disclosure holding the
// term's explanation and a link to its glossary entry (some 28 KB of the
// page's 95). Written piece by piece, escaping the explanation on every
// request, they were a fifth of the page's render; here each term's markup
// is escaped once per language, when the language's table is first used,
// and kept with the catalog's terms (i18n.Terms.Derived). The pieces are
// plain templ ones (termLabelTempl, termPopTempl and termDescLinkTempl of
// chart_grid_ref.templ, and termTip), held byte-identical to them by
// TestTermMarkupMatchesTempl; a Page without Terms renders those.

// termMarkup is a term's markup in one language, escaped.
type termMarkup struct {
	// name is the term's name.
	name string
	// pop is termPopTempl: the disclosure's body, from <span class="term-pop">
	// to its </span>.
	pop string
	// label is termLabelTempl without the Chinese: the whole disclosure.
	label string
	// tip is termTip's disclosure of the term, with no summary class.
	tip string
	// descLink is termDescLinkTempl: the explanation and the glossary link
	// (with no space between them, as the panels of 神煞 and relations have
	// always written them).
	descLink string
}

// termMarkups is one language's termMarkup of every term of its catalog.
type termMarkups map[termKey]*termMarkup

type termKey struct{ family, key string }

// termMarkupsKey names the table in i18n.Terms.Derived.
type termMarkupsKey struct{}

func newTermMarkups(t *i18n.Terms) any {
	link := templ.EscapeString(t.Phrase("glossary.link"))
	m := termMarkups{}
	t.Each(func(family, key string, tt *i18n.TermText) {
		name, desc := templ.EscapeString(tt.Name), templ.EscapeString(tt.Desc)
		a := `<a href="` + templ.EscapeString(string(localHref(glossaryHref(family, key)))) + `" class="link">` + link + `</a>`
		popName := name
		if h := t.Hanja(family, key); h != "" {
			popName += " " + templ.EscapeString(h) // termPopName
		}
		pop := `<span class="term-pop"><b>` + popName + `</b> ` + desc + ` ` + a + `</span>`
		m[termKey{family, key}] = &termMarkup{
			name:     name,
			pop:      pop,
			label:    `<details class="term" name="term"><summary>` + name + `</summary>` + pop + `</details>`,
			tip:      `<details class="term" name="term"><summary>` + name + `</summary> <span class="term-pop"><b>` + name + `</b>` + desc + a + `</span></details>`,
			descLink: desc + a,
		}
	})
	return m
}

// termMarkupOf is the markup of term key of family in p's language, or
// nil when p has no Terms (its T alone says what the texts are) or the
// catalog has no such term.
func termMarkupOf(p Page, family, key string) *termMarkup {
	if p.Terms == nil {
		return nil
	}
	return p.Terms.Derived(termMarkupsKey{}, newTermMarkups).(termMarkups)[termKey{family, key}]
}

// termTipOf is a term's disclosure as termTip writes it with no summary
// class: @termTipOf{p, family, key}.
type termTipOf struct {
	p           Page
	family, key string
}

func (c termTipOf) Render(ctx context.Context, w io.Writer) error {
	if m := termMarkupOf(c.p, c.family, c.key); m != nil {
		_, err := io.WriteString(w, m.tip)
		return err
	}
	return termTip(c.p, termName(c.p, c.family, c.key), termDesc(c.p, c.family, c.key), glossaryHref(c.family, c.key), "").Render(ctx, w)
}

// termDescLink is a term's explanation and its glossary link, as
// termDescLinkTempl writes them: @termDescLink{p, family, key}.
type termDescLink struct {
	p           Page
	family, key string
}

func (c termDescLink) Render(ctx context.Context, w io.Writer) error {
	if m := termMarkupOf(c.p, c.family, c.key); m != nil {
		_, err := io.WriteString(w, m.descLink)
		return err
	}
	return termDescLinkTempl(c.p, c.family, c.key).Render(ctx, w)
}
