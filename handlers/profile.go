package handlers

// OWNER: profile helper (#5 profile, export, delete; admin home).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/auth/password"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/places"
	"github.com/bazi-master/bazi-master/views"
)

// ProfileDeps is what the profile pages need.
type ProfileDeps struct {
	Auth       *Auth
	Identities *models.Identities
	// ProviderLinks describes the user's sign-in providers for the linked
	// providers section (OAuth.Links: what is configured, linked, and may
	// be unlinked). Nil shows none.
	ProviderLinks func(ctx context.Context, u *models.User) ([]views.OAuthLink, error)
	// SecureCookies marks the language cookie Secure (production).
	SecureCookies bool
	// ExportSources add the user's other data to the export, keyed by the
	// top-level name they fill ("charts", "readings"); later features
	// register theirs here.
	ExportSources []ExportSource
}

// ExportSource loads one part of a user's data for "download my data".
// It must return only the data owned by userID.
type ExportSource struct {
	Key  string
	Load func(ctx context.Context, userID int64) (any, error)
}

// Profile serves the signed-in user's own pages. Every query uses the
// signed-in user's id, never an id from the request.
type Profile struct {
	site *Site
	deps ProfileDeps
}

// NewProfile returns the profile handlers.
func NewProfile(site *Site, deps ProfileDeps) *Profile { return &Profile{site: site, deps: deps} }

// langCookie must match the language middleware's cookie name.
const langCookie = "lang"

// maxDisplayNameRunes bounds the display name.
const maxDisplayNameRunes = 80

// maxPlaceBytes bounds the default birthplace, as the chart form does.
const maxPlaceBytes = 200

// deleteWord is what a user may type, instead of their e-mail, to confirm
// deleting their account.
const deleteWord = "DELETE"

// Show is GET /profile. ?saved=profile|password shows what was just saved:
// the notice comes from the URL of the redirect, so no flash storage is needed.
func (h *Profile) Show(c *fiber.Ctx) error {
	u := CurrentUser(c)
	p := h.site.Page(c, "profile.title")
	d, err := h.data(c, p, u)
	if err != nil {
		return err
	}
	switch c.Query("saved") {
	case "profile":
		d.Notice = p.T("profile.notice.saved")
	case "password":
		d.Notice = p.T("profile.notice.password")
	}
	return render(c, fiber.StatusOK, views.ProfilePage(p, d))
}

// Update is POST /profile: display name, language and default chart
// options. Invalid input gets the page back with the message next to its
// field and everything typed kept.
func (h *Profile) Update(c *fiber.Ctx) error {
	u := CurrentUser(c)
	in := views.ProfileSettings{
		DisplayName:   c.FormValue("display_name"),
		Language:      strings.TrimSpace(c.FormValue("language")),
		TrueSolarTime: chartinput.IsOn(c.FormValue("true_solar_time")),
		ZiRule:        strings.ToLower(strings.TrimSpace(c.FormValue("zi_rule"))),
		LuckMethod:    strings.ToLower(strings.TrimSpace(c.FormValue("luck_method"))),
		Place:         c.FormValue("place"),
	}
	errs := map[string]string{}
	name := cleanDisplayName(in.DisplayName)
	if utf8.RuneCountInString(name) > maxDisplayNameRunes {
		errs["display_name"] = "too_long"
	}
	lang := ""
	if in.Language != "" {
		l, ok := supportedLang(in.Language)
		if !ok {
			errs["language"] = "invalid"
		}
		lang = string(l)
	}
	zi := in.ZiRule
	switch zi {
	case "", "next-day":
		zi = "next-day"
	case "split":
	default:
		errs["zi_rule"] = "invalid"
	}
	luck := in.LuckMethod
	switch luck {
	case "", "exact":
		luck = "exact"
	case "days", "minutes":
	default:
		errs["luck_method"] = "invalid"
	}
	place := strings.TrimSpace(strings.ToValidUTF8(in.Place, ""))
	switch {
	case len(place) > maxPlaceBytes:
		errs["place"] = "too_long"
	case place != "" && len(places.Search(place, 1)) == 0:
		// The same lookup the birth form makes, so a saved default always
		// resolves when the form is sent.
		errs["place"] = "unknown"
	}
	if len(errs) > 0 {
		p := h.site.Page(c, "profile.title")
		d, err := h.data(c, p, u)
		if err != nil {
			return err
		}
		d.Settings = in
		d.Settings.PlaceResolved = resolvedPlace(Lang(c), place)
		d.Errors = translateErrors(p, errs)
		return render(c, fiber.StatusUnprocessableEntity, views.ProfilePage(p, d))
	}

	err := h.deps.Auth.Users.Update(c.UserContext(), u.ID, map[string]any{
		"display_name":        name,
		"language":            lang,
		"default_true_solar":  in.TrueSolarTime,
		"default_zi_rule":     zi,
		"default_luck_method": luck,
		"default_place":       place,
	})
	if err != nil {
		return fmt.Errorf("save profile of user %d: %w", u.ID, err)
	}
	// The saved language becomes the site's language in this browser, the
	// same cookie the switcher sets; switching to "automatic" forgets the
	// choice. Saving with "automatic" unchanged leaves the switcher's cookie.
	switch {
	case lang != "":
		c.Cookie(&fiber.Cookie{
			Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
			HTTPOnly: true, Secure: h.deps.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode,
		})
	case u.Language != "":
		c.Cookie(&fiber.Cookie{
			Name: langCookie, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0),
			HTTPOnly: true, Secure: h.deps.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode,
		})
	}
	return c.Redirect("/profile?saved=profile", fiber.StatusSeeOther)
}

// ChangePassword is POST /profile/password. An account with a password
// must give it; one without (provider sign-in only) may set one. Success
// ends every other session of the user (the epoch is bumped) and starts a
// fresh one for this browser.
func (h *Profile) ChangePassword(c *fiber.Ctx) error {
	u := CurrentUser(c)
	current := c.FormValue("current_password")
	next := c.FormValue("new_password")
	errs := map[string]string{}
	if u.Email == nil {
		// Without an address there is nothing to sign in with a password.
		errs["new_password"] = "no_email"
	} else {
		if u.PasswordHash != "" {
			if current == "" {
				errs["current_password"] = "required"
			} else {
				ok, _, err := password.Verify(current, u.PasswordHash)
				if err != nil {
					return fmt.Errorf("verify password of user %d: %w", u.ID, err)
				}
				if !ok {
					errs["current_password"] = "wrong"
				}
			}
		}
		if next == "" {
			errs["new_password"] = "required"
		} else if prob := password.Check(next); prob != nil {
			errs["new_password"] = prob.Code
		}
	}
	if len(errs) > 0 {
		p := h.site.Page(c, "profile.title")
		d, err := h.data(c, p, u)
		if err != nil {
			return err
		}
		d.Errors = translateErrors(p, errs)
		return render(c, fiber.StatusUnprocessableEntity, views.ProfilePage(p, d))
	}

	hash, err := password.Hash(next)
	if err != nil {
		return fmt.Errorf("hash password of user %d: %w", u.ID, err)
	}
	ctx := c.UserContext()
	if err := h.deps.Auth.Users.Update(ctx, u.ID, map[string]any{"password_hash": hash}); err != nil {
		return fmt.Errorf("save password of user %d: %w", u.ID, err)
	}
	epoch, err := h.deps.Auth.Users.BumpSessionEpoch(ctx, u.ID)
	if err != nil {
		return err
	}
	if _, err := h.deps.Auth.Sessions.Start(c, u.ID, epoch); err != nil {
		return fmt.Errorf("new session after password change: %w", err)
	}
	return c.Redirect("/profile?saved=password", fiber.StatusSeeOther)
}

// userExport is the user record as exported: an allow-list, so secrets
// (password hash, session epoch) and future internal columns never leak.
type userExport struct {
	ID              int64      `json:"id"`
	Email           *string    `json:"email"`
	EmailVerifiedAt *time.Time `json:"email_verified_at"`
	HasPassword     bool       `json:"has_password"`
	DisplayName     string     `json:"display_name"`
	Language        string     `json:"language"`
	DefaultChart    struct {
		TrueSolarTime bool   `json:"true_solar_time"`
		ZiRule        string `json:"zi_rule"`
		LuckMethod    string `json:"luck_method"`
		Place         string `json:"place"`
	} `json:"default_chart_options"`
	DisabledAt   *time.Time `json:"disabled_at"`
	LastSignInAt *time.Time `json:"last_sign_in_at"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// identityExport is a linked provider as exported; no tokens are stored,
// and none would be exported.
type identityExport struct {
	Provider       string    `json:"provider"`
	ProviderUserID string    `json:"provider_user_id"`
	Email          string    `json:"email"`
	Name           string    `json:"name"`
	AvatarURL      string    `json:"avatar_url"`
	LinkedAt       time.Time `json:"linked_at"`
}

// Export is GET /profile/export: everything the app holds about the
// signed-in user as one JSON file, {"user", "identities", "charts",
// "readings"}; later features fill their key through ExportSources.
func (h *Profile) Export(c *fiber.Ctx) error {
	u := CurrentUser(c)
	ctx := c.UserContext()
	ids, err := h.deps.Identities.ForUser(ctx, u.ID)
	if err != nil {
		return err
	}
	ue := userExport{
		ID: u.ID, Email: u.Email, EmailVerifiedAt: u.EmailVerifiedAt, HasPassword: u.PasswordHash != "",
		DisplayName: u.DisplayName, Language: u.Language,
		DisabledAt: u.DisabledAt, LastSignInAt: u.LastSignInAt, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt,
	}
	ue.DefaultChart.TrueSolarTime = u.DefaultTrueSolar
	ue.DefaultChart.ZiRule = u.DefaultZiRule
	ue.DefaultChart.LuckMethod = u.DefaultLuckMethod
	ue.DefaultChart.Place = u.DefaultPlace
	ie := make([]identityExport, 0, len(ids))
	for _, i := range ids {
		ie = append(ie, identityExport{Provider: i.Provider, ProviderUserID: i.ProviderUserID, Email: i.Email, Name: i.Name, AvatarURL: i.AvatarURL, LinkedAt: i.CreatedAt})
	}
	doc := map[string]any{
		"exported_at": time.Now().UTC().Format(time.RFC3339),
		"user":        ue,
		"identities":  ie,
		"charts":      []any{},
		"readings":    []any{},
	}
	for _, src := range h.deps.ExportSources {
		v, err := src.Load(ctx, u.ID)
		if err != nil {
			return fmt.Errorf("export %s of user %d: %w", src.Key, u.ID, err)
		}
		doc[src.Key] = v
	}
	body, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("encode export of user %d: %w", u.ID, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="bazi-master-data.json"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusOK).Send(body)
}

// Delete is POST /profile/delete: after the user types their e-mail or
// DELETE, the account and everything it owns are deleted in one
// transaction, this browser is signed out (other sessions end on their
// next request, their user being gone) and a confirmation page is shown.
func (h *Profile) Delete(c *fiber.Ctx) error {
	u := CurrentUser(c)
	confirm := strings.TrimSpace(c.FormValue("confirm"))
	ok := confirm == deleteWord || (u.Email != nil && confirm != "" && models.NormalizeEmail(confirm) == *u.Email)
	if !ok {
		p := h.site.Page(c, "profile.title")
		d, err := h.data(c, p, u)
		if err != nil {
			return err
		}
		d.DeleteConfirm = c.FormValue("confirm")
		d.Errors = translateErrors(p, map[string]string{"confirm": "mismatch"})
		return render(c, fiber.StatusUnprocessableEntity, views.ProfilePage(p, d))
	}
	if err := h.deps.Auth.Users.Delete(c.UserContext(), u.ID); err != nil && !errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("delete account: %w", err)
	}
	if err := h.deps.Auth.Sessions.End(c); err != nil {
		// The user is gone, so the session is refused on its next use anyway.
		h.deps.Auth.log.Warn("end session of deleted account", "error", err)
	}
	c.Locals(LocalUser, nil) // the page below is a guest's
	return render(c, fiber.StatusOK, views.AccountDeletedPage(h.site.Page(c, "profile.deleted.title")))
}

// data is the profile page's view of u as stored.
func (h *Profile) data(c *fiber.Ctx, p views.Page, u *models.User) (views.ProfileData, error) {
	var links []views.OAuthLink
	if h.deps.ProviderLinks != nil {
		var err error
		if links, err = h.deps.ProviderLinks(c.UserContext(), u); err != nil {
			return views.ProfileData{}, fmt.Errorf("linked providers of user %d: %w", u.ID, err)
		}
	}
	d := views.ProfileData{
		Email:             u.EmailAddress(),
		Verified:          u.Verified(),
		HasPassword:       u.PasswordHash != "",
		PasswordMinLength: password.MinLength,
		Settings: views.ProfileSettings{
			DisplayName:   u.DisplayName,
			Language:      u.Language,
			TrueSolarTime: u.DefaultTrueSolar,
			ZiRule:        u.DefaultZiRule,
			LuckMethod:    u.DefaultLuckMethod,
			Place:         u.DefaultPlace,
			PlaceResolved: resolvedPlace(p.Lang, u.DefaultPlace),
		},
		Errors: map[string]string{},
	}
	for _, l := range i18n.Langs {
		d.Languages = append(d.Languages, views.LangLink{Lang: l, Label: h.site.I18n.T(l, "lang."+string(l))})
	}
	d.Providers = links
	return d, nil
}

// resolvedPlace names the gazetteer entry a birthplace resolves to, in the
// page language with its time zone, or "".
func resolvedPlace(lang i18n.Lang, place string) string {
	place = strings.TrimSpace(place)
	if place == "" || len(place) > maxPlaceBytes {
		return ""
	}
	hits := places.Search(place, 1)
	if len(hits) == 0 {
		return ""
	}
	o := placeOption(lang, hits[0])
	return joinNonEmpty(" · ", o.Name, o.Detail)
}

// translateErrors turns field → problem code into field → message, from
// the catalog's profile.error.<field>.<code>.
func translateErrors(p views.Page, errs map[string]string) map[string]string {
	out := make(map[string]string, len(errs))
	for field, code := range errs {
		out[field] = p.T("profile.error."+field+"."+code, errorArgs(field, code)...)
	}
	return out
}

// errorArgs fills the placeholders of the messages that name a limit.
func errorArgs(field, code string) []any {
	switch field + "." + code {
	case "new_password." + password.CodeTooShort:
		return []any{password.MinLength}
	case "new_password." + password.CodeTooLong:
		return []any{password.MaxLength}
	case "display_name.too_long":
		return []any{maxDisplayNameRunes}
	}
	return nil
}

// cleanDisplayName trims the name and drops control characters; its
// length is checked, not cut, so the user sees what is wrong.
func cleanDisplayName(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// supportedLang accepts exactly the language tags the site offers.
func supportedLang(s string) (i18n.Lang, bool) {
	for _, l := range i18n.Langs {
		if string(l) == s {
			return l, true
		}
	}
	return "", false
}

// BirthDefaults is the birth form for a new chart: the engine's defaults,
// replaced by the user's own default chart options when signed in.
func BirthDefaults(u *models.User) views.BirthFormData {
	f := views.DefaultBirthForm()
	if u == nil {
		return f
	}
	f.TrueSolarTime = u.DefaultTrueSolar
	if u.DefaultZiRule == "split" {
		f.ZiRule = "split"
	}
	switch u.DefaultLuckMethod {
	case "days", "minutes":
		f.LuckMethod = u.DefaultLuckMethod
	}
	f.Place = u.DefaultPlace
	return f
}

// withUserDefaults is req with the user's default chart options, for a
// blank birth form (GET /chart/new without input).
func withUserDefaults(req chartinput.Request, u *models.User) chartinput.Request {
	if u == nil {
		return req
	}
	req.TrueSolarTime = u.DefaultTrueSolar
	req.ZiRule = u.DefaultZiRule
	req.LuckMethod = u.DefaultLuckMethod
	req.Place = u.DefaultPlace
	return req
}
