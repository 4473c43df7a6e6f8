// Package views holds the templ components. Views are dumb: they render
// what the handler put into Page and their own arguments; no database, no
// business rules.
package views

import "github.com/bazi-master/bazi-master/internal/i18n"

// Page is what every full page needs from the request.
type Page struct {
	Lang i18n.Lang
	T    func(key string, args ...any) string
	// Terms is the language's chart terms, the same texts as T's
	// "term.…" keys looked up by (family, key); nil falls back to T.
	Terms *i18n.Terms
	// Hanja, on a Korean page only, is the traditional-character catalog:
	// Korean readers of 사주 know the classical terms by their Hanja, which
	// the page prints beside the Hangul (비견 比肩). nil elsewhere.
	Hanja     func(key string, args ...any) string
	Title     string // already translated; empty for the site name alone
	Path      string // current path, for marking the active nav link
	Asset     func(name string) string
	LangLinks []LangLink
	RequestID string
	// CSRFToken goes into every form that changes state (hidden "_csrf").
	CSRFToken string
	// User is the signed-in user, nil for a guest.
	User *UserInfo
	// NoIndex asks search engines not to index the page (shared charts).
	NoIndex bool
	// OGImage, when set, is the absolute URL of the page's share image
	// (a 1200×630 PNG); the layout then writes the og: and twitter: tags
	// with OGTitle and OGDescription.
	OGImage, OGTitle, OGDescription string
}

// UserInfo is what the page frame shows of the signed-in user.
type UserInfo struct {
	ID      int64
	Name    string // display name, else the e-mail, else a provider name
	IsAdmin bool
}

// LangLink is one entry of the language switcher.
type LangLink struct {
	Lang    i18n.Lang
	Label   string
	URL     string
	Current bool
}

// FullTitle is the document title: page title, then the site name.
func (p Page) FullTitle() string {
	if p.Title == "" {
		return p.T("app.name") + " · " + p.T("app.tagline")
	}
	return p.Title + " · " + p.T("app.name")
}
