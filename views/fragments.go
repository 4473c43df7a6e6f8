package views

import (
	"context"
	"io"
	"strings"
	"sync"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// Parts of the chart page that depend on nothing but a small value of the
// engine and the page's language (a 神煞 where it sits, a relation) are
// rendered once per language by their own templ component and the markup
// kept with the catalog's terms (i18n.Terms.Derived), like the terms'
// markup (term_markup.go). Nothing is written by hand, so what is kept is
// what the template writes; TestChartPageSameWithAndWithoutTerms renders
// pages both ways (a Page without Terms renders every part each time).
// The values are few (the engine's stars, their bases and pillars, the
// relations of four pillars), so the tables stay small. A Page's T is its
// Terms' language (see Page), which is what the kept markup was written in.

// fragmentKind tells apart the kinds of parts kept in one table.
type fragmentKind uint8

const (
	shenShaFragment fragmentKind = iota
	relationFragment
)

// fragmentKey names one kept part: its kind, the page's language and the
// engine's value.
type fragmentKey[K comparable] struct {
	kind fragmentKind
	lang i18n.Lang
	v    K
}

// fragmentsKey names the table of kept parts in i18n.Terms.Derived.
type fragmentsKey struct{}

func newFragments(*i18n.Terms) any { return new(sync.Map) }

// kept is the part that render writes for v in p's language, written
// once and kept when p has Terms, and each time when it has none.
type kept[K comparable] struct {
	p      Page
	kind   fragmentKind
	v      K
	render func(Page, K) templ.Component
}

func (k kept[K]) Render(ctx context.Context, w io.Writer) error {
	if k.p.Terms == nil {
		return k.render(k.p, k.v).Render(ctx, w)
	}
	table := k.p.Terms.Derived(fragmentsKey{}, newFragments).(*sync.Map)
	key := fragmentKey[K]{k.kind, k.p.Lang, k.v}
	s, ok := table.Load(key)
	if !ok {
		var b strings.Builder
		if err := k.render(k.p, k.v).Render(ctx, &b); err != nil {
			return err
		}
		s, _ = table.LoadOrStore(key, b.String())
	}
	_, err := io.WriteString(w, s.(string))
	return err
}

// shenShaItem is shenShaItemTempl, kept.
func shenShaItem(p Page, s bazi.ShenSha) kept[bazi.ShenSha] {
	return kept[bazi.ShenSha]{p, shenShaFragment, s, shenShaItemTempl}
}

// relationItem is relationItemTempl, kept.
func relationItem(p Page, r bazi.Relation) kept[bazi.Relation] {
	return kept[bazi.Relation]{p, relationFragment, r, relationItemTempl}
}
