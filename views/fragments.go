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
// engine and the page's language (a 神煞 where it sits, a relation; the
// site's navigation and footer, by the current destination) are
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
	headerNavFragment
	menuMainNavFragment
	siteFooterFragment
	strengthBandsFragment
	strengthFlagsFragment
	palaceFragment
	zwStarHeadFragment
	zwStarItemFragment
	zwPeriodBadgeFragment
	zwTermFragment
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

// navState is what the site's navigation shows of a page besides its
// language: which destination it is (an index of navPaths, or -1) and
// whether someone is signed in.
type navState struct {
	path   int8
	module int8 // the index in Modules of the page's module, or -1
	signed bool
}

// navPaths are the destinations of the header and the site menu.
var navPaths = [...]string{"/", "/daily", "/calendar", "/compatibility", "/glossary", "/history"}

func navStateOf(p Page) navState {
	s := navState{path: -1, module: -1, signed: p.User != nil}
	for i, path := range navPaths {
		if p.Path == path {
			s.path = int8(i)
		}
	}
	// The Modules menus mark the page's module, which may be any of its
	// pages (Module.Current).
	for i, m := range Modules {
		if m.Current(p.Path) {
			s.module = int8(i)
			break
		}
	}
	return s
}

// headerNav is headerNavTempl, kept.
func headerNav(p Page) kept[navState] {
	return kept[navState]{p, headerNavFragment, navStateOf(p), headerNavTempl}
}

// menuMainNav is menuMainNavTempl, kept (it shows nothing of who is
// signed in).
func menuMainNav(p Page) kept[navState] {
	s := navStateOf(p)
	s.signed = false
	return kept[navState]{p, menuMainNavFragment, s, menuMainNavTempl}
}

// siteFooter is siteFooterTempl, kept.
func siteFooter(p Page) kept[navState] {
	return kept[navState]{p, siteFooterFragment, navState{}, siteFooterTempl}
}

// strengthState is what the strength gauge's band labels and flags show of
// a chart's bazi.Strength (not its score).
type strengthState struct {
	label, season               string
	inSeason, rooted, supported bool
}

func stateOf(s bazi.Strength) strengthState {
	return strengthState{s.Label, s.SeasonState, s.InSeason, s.Rooted, s.Supported}
}

// strengthBandLabels is strengthBandLabelsTempl, kept per label.
func strengthBandLabels(p Page, s strengthState) kept[strengthState] {
	return kept[strengthState]{p, strengthBandsFragment, strengthState{label: s.label}, strengthBandLabelsTempl}
}

// strengthFlagList is strengthFlagListTempl, kept per flags and season.
func strengthFlagList(p Page, s strengthState) kept[strengthState] {
	s.label = ""
	return kept[strengthState]{p, strengthFlagsFragment, s, strengthFlagListTempl}
}

// markup is HTML written as it is: a component's output rendered once.
type markup string

func (m markup) Render(_ context.Context, w io.Writer) error {
	_, err := io.WriteString(w, string(m))
	return err
}

// rendered is c's output, for a component that depends on nothing.
func rendered(c templ.Component) markup {
	var b strings.Builder
	if err := c.Render(context.Background(), &b); err != nil {
		panic(err)
	}
	return markup(b.String())
}

// gaugeBands is gaugeBandsTempl, the same on every page. (Where the
// gauge's elements stood one per line, templ wrote a space between them;
// strengthGauge writes those spaces around its parts with @markup(" ").)
var gaugeBands = rendered(gaugeBandsTempl())

// palaceState is a palace card's: which palace, and its pillar unless the
// hour is unknown.
type palaceState struct {
	key string
	pl  bazi.Palace
	has bool
}

func (s palaceState) palace() *bazi.Palace {
	if !s.has {
		return nil
	}
	return &s.pl
}

// palaceCard is palaceTempl, kept.
func palaceCard(p Page, key string, pl *bazi.Palace) kept[palaceState] {
	s := palaceState{key: key, has: pl != nil}
	if pl != nil {
		s.pl = *pl
	}
	return kept[palaceState]{p, palaceFragment, s, palaceTempl}
}
