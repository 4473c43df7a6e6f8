package handlers

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// Locals keys set by the server's middleware and read here.
const (
	LocalLang      = "lang"
	LocalRequestID = "request_id"
	LocalUserID    = "user_id"
	LocalRoute     = "route" // overrides the metrics/log route label (e.g. "unmatched")
	LocalCSRF      = "csrf"  // the request's CSRF token, for forms and htmx
	// LocalNoIndex (true) makes every page built for the request ask search
	// engines not to index it: a share link's page is rendered by its
	// module's own handler, which does not know it is shared.
	LocalNoIndex = "noindex"
)

// Site is what every page handler needs to build a views.Page.
type Site struct {
	I18n    *i18n.Catalog
	Asset   func(name string) string
	IsAdmin func(u *models.User) bool // nil: nobody is
	// PublicURL is the origin absolute links on pages (og:image) start
	// with (FRONTEND_URL); "" uses the request's own scheme and host.
	PublicURL string
}

// Lang returns the request's language, chosen by middleware.
func Lang(c *fiber.Ctx) i18n.Lang {
	if l, ok := c.Locals(LocalLang).(i18n.Lang); ok {
		return l
	}
	return i18n.Default
}

// Page builds the per-request page frame; title is a translation key or "".
func (s *Site) Page(c *fiber.Ctx, titleKey string) views.Page {
	lang := Lang(c)
	t := s.I18n.For(lang)
	p := views.Page{
		Lang:  lang,
		T:     t,
		Terms: s.I18n.Terms(lang),
		Path:  c.Path(),
		Asset: s.Asset,
	}
	if titleKey != "" {
		p.Title = t(titleKey)
	}
	if id, ok := c.Locals(LocalRequestID).(string); ok {
		p.RequestID = id
	}
	if tok, ok := c.Locals(LocalCSRF).(string); ok {
		p.CSRFToken = tok
	}
	if noIndex, _ := c.Locals(LocalNoIndex).(bool); noIndex {
		p.NoIndex = true
	}
	if u := CurrentUser(c); u != nil {
		name := u.DisplayName
		if name == "" {
			name = u.EmailAddress()
		}
		p.User = &views.UserInfo{ID: u.ID, Name: name, IsAdmin: s.IsAdmin != nil && s.IsAdmin(u)}
	}
	if lang == i18n.Korean {
		p.Hanja = s.I18n.For(i18n.TraditionalChinese)
	}
	urlWith := langURLs(c)
	for _, l := range i18n.Langs {
		p.LangLinks = append(p.LangLinks, views.LangLink{
			Lang:    l,
			Label:   s.I18n.T(l, "lang."+string(l)),
			URL:     urlWith(l),
			Current: l == lang,
		})
	}
	return p
}

// langURLs gives the current URL with ?lang= set to a language; the
// middleware stores the choice in a cookie, so the links work without
// JavaScript. The query is parsed and encoded once for all the languages.
func langURLs(c *fiber.Ctx) func(i18n.Lang) string {
	q, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	const mark = "\x00"
	q["lang"] = []string{mark}
	base := c.Path() + "?" + q.Encode()
	return func(l i18n.Lang) string {
		return strings.Replace(base, "lang="+url.QueryEscape(mark), "lang="+url.QueryEscape(string(l)), 1)
	}
}
