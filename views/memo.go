package views

import (
	"bytes"
	"context"
	"io"
	"sync"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/ziwei"
)

// rendered is HTML a templ component wrote, replayed as it is. Render
// costs one write: no closures, no attribute resolving, no allocation.
type rendered string

// Render writes the stored HTML.
func (r rendered) Render(_ context.Context, w io.Writer) error {
	_, err := io.WriteString(w, string(r))
	return err
}

// memoKey names a piece of a page that depends only on the language and
// a few small values (a star with its brightness and 化, a term).
type memoKey struct {
	lang        i18n.Lang
	kind        uint8
	family, key string
	n1, n2, n3  int
}

// memoized holds pieces rendered once. A board page shows a hundred star
// names with their explanations, badges and terms; rendered by templ on
// every request they were half of its allocations. The pieces are the
// same templ components' output, so the page is byte for byte what
// rendering them each time gives (TestMemoizedPiecesMatchTempl).
var memoized sync.Map // memoKey → rendered

// memo returns c's output for k, rendering it the first time.
func memo(k memoKey, c func() templ.Component) rendered {
	if r, ok := memoized.Load(k); ok {
		return r.(rendered)
	}
	var b bytes.Buffer
	if err := c().Render(context.Background(), &b); err != nil {
		// Not stored: the caller renders the component itself next time.
		return rendered("")
	}
	r := rendered(b.String())
	memoized.Store(k, r)
	return r
}

const (
	memoStarHead uint8 = iota + 1
	memoPeriodBadge
	memoTerm
	memoStarItem
)

// zwStarItem is zwStarItemTempl, rendered once per language and star state.
func zwStarItem(p Page, s ziwei.Star, major bool) templ.Component {
	return memo(memoKey{lang: p.Lang, kind: memoStarItem, n1: int(s.ID), n2: int(s.Brightness)<<8 | int(s.Mutagen), n3: b2i(major)},
		func() templ.Component { return zwStarItemTempl(p, s, major) })
}

// zwStarHead is zwStarHeadTempl, rendered once per language and star state.
func zwStarHead(p Page, s ziwei.Star) templ.Component {
	return memo(memoKey{lang: p.Lang, kind: memoStarHead, n1: int(s.ID), n2: int(s.Brightness), n3: int(s.Mutagen)},
		func() templ.Component { return zwStarHeadTempl(p, s) })
}

// zwPeriodBadge is zwPeriodBadgeTempl, rendered once per language.
func zwPeriodBadge(p Page, scope int, m ziwei.Mutagen) templ.Component {
	return memo(memoKey{lang: p.Lang, kind: memoPeriodBadge, n1: scope, n2: int(m)},
		func() templ.Component { return zwPeriodBadgeTempl(p, scope, m) })
}

// zwTerm is zwTermTempl, rendered once per language and term.
func zwTerm(p Page, family, key string) templ.Component {
	return memo(memoKey{lang: p.Lang, kind: memoTerm, family: family, key: key},
		func() templ.Component { return zwTermTempl(p, family, key) })
}
