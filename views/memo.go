package views

import (
	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/ziwei"
)

// The Zi Wei board's parts that depend only on the language and a small
// value (a star with its brightness and 化, a period's 化 badge, a term)
// are kept like the chart page's (fragments.go): a board shows a hundred
// of them, and rendered by templ on every request they were half of its
// allocations.

// zwStarHead is zwStarHeadTempl, kept per language and star state.
func zwStarHead(p Page, s ziwei.Star) templ.Component {
	return kept[ziwei.Star]{p, zwStarHeadFragment, s, zwStarHeadTempl}
}

// zwStarItemKey is a star's list item: the star and whether it is major.
type zwStarItemKey struct {
	s     ziwei.Star
	major bool
}

// zwStarItem is zwStarItemTempl, kept per language and star state.
func zwStarItem(p Page, s ziwei.Star, major bool) templ.Component {
	return kept[zwStarItemKey]{p, zwStarItemFragment, zwStarItemKey{s, major}, func(p Page, k zwStarItemKey) templ.Component {
		return zwStarItemTempl(p, k.s, k.major)
	}}
}

// zwBadgeKey is a period's 化 badge: the decade (0) or the year (1), and
// the 化.
type zwBadgeKey struct {
	scope int
	m     ziwei.Mutagen
}

// zwPeriodBadge is zwPeriodBadgeTempl, kept per language.
func zwPeriodBadge(p Page, scope int, m ziwei.Mutagen) templ.Component {
	return kept[zwBadgeKey]{p, zwPeriodBadgeFragment, zwBadgeKey{scope, m}, func(p Page, k zwBadgeKey) templ.Component {
		return zwPeriodBadgeTempl(p, k.scope, k.m)
	}}
}

// zwTermKey is a Zi Wei term (a fixed family and key, never free text).
type zwTermKey struct{ family, key string }

// zwTerm is zwTermTempl, kept per language and term.
func zwTerm(p Page, family, key string) templ.Component {
	return kept[zwTermKey]{p, zwTermFragment, zwTermKey{family, key}, func(p Page, k zwTermKey) templ.Component {
		return zwTermTempl(p, k.family, k.key)
	}}
}
