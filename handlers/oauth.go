package handlers

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/url"
	"regexp"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/markbates/goth"

	"github.com/bazi-master/bazi-master/internal/auth/oauth"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// OAuthDeps is what provider sign-in needs.
type OAuthDeps struct {
	Auth       *Auth
	Identities *models.Identities
	// Providers holds the configured providers only, by name ("google",
	// "wechat"); a provider missing here answers 404 and shows no button.
	Providers map[string]goth.Provider
	States    *oauth.States
	Log       *slog.Logger
	// Secure marks the state cookie Secure (production, HTTPS).
	Secure bool
	// Timeout caps the provider round trip (token, then profile).
	Timeout time.Duration
	// Secrets are masked in logged errors (the client secrets).
	Secrets []string
	Now     func() time.Time
}

// OAuth serves /auth/{provider}, its callback, and unlinking.
//
// Begin stores the flow (provider, sign-in or link, who links, where to go
// next) in the shared store under a random state and also puts the state in
// a short-lived cookie; the callback takes the flow out of the store (once)
// and requires the cookie to match, so a callback URL planted by someone
// else cannot sign a victim in to the planter's account.
type OAuth struct {
	site *Site
	deps OAuthDeps
}

// NewOAuth returns the provider sign-in handlers.
func NewOAuth(site *Site, deps OAuthDeps) *OAuth {
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Timeout <= 0 {
		deps.Timeout = 15 * time.Second
	}
	return &OAuth{site: site, deps: deps}
}

func stateCookie(provider string) string { return "bm_oauth_" + provider }

// Begin sends the browser to the provider. A signed-in user links the
// provider to their account; a guest signs in (or up).
func (h *OAuth) Begin(c *fiber.Ctx) error {
	name := c.Params("provider")
	p := h.deps.Providers[name]
	if p == nil {
		return fiber.ErrNotFound
	}
	flow := oauth.Flow{Provider: name, Mode: oauth.ModeSignIn, Next: SafeNext(c.Query("next"))}
	if u := CurrentUser(c); u != nil {
		flow.Mode, flow.UserID = oauth.ModeLink, u.ID
		if c.Query("next") == "" {
			flow.Next = "/profile"
		}
	}
	state, err := h.deps.States.Begin(flow)
	if err != nil {
		return err
	}
	sess, err := p.BeginAuth(state)
	if err != nil {
		return err
	}
	authURL, err := sess.GetAuthURL()
	if err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{
		Name: stateCookie(name), Value: state, Path: "/auth/" + name,
		MaxAge: int(oauth.StateTTL.Seconds()), HTTPOnly: true, Secure: h.deps.Secure,
		SameSite: fiber.CookieSameSiteLaxMode, // sent on the provider's top-level redirect back
	})
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Redirect(authURL, fiber.StatusSeeOther)
}

var errorCodeChars = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

// Callback finishes sign-in or linking when the provider sends the browser back.
func (h *OAuth) Callback(c *fiber.Ctx) error {
	name := c.Params("provider")
	p := h.deps.Providers[name]
	if p == nil {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	state := c.Query("state")
	cookie := c.Cookies(stateCookie(name))
	c.Cookie(&fiber.Cookie{
		Name: stateCookie(name), Value: "", Path: "/auth/" + name, MaxAge: -1, Expires: time.Unix(0, 0),
		HTTPOnly: true, Secure: h.deps.Secure, SameSite: fiber.CookieSameSiteLaxMode,
	})

	// The state is spent whatever happens next: a second use is refused.
	flow, err := h.deps.States.Take(c.UserContext(), state)
	if err != nil && !errors.Is(err, oauth.ErrNoFlow) {
		return err
	}
	if flow == nil || flow.Provider != name || cookie == "" || subtle.ConstantTimeCompare([]byte(cookie), []byte(state)) != 1 {
		h.deps.Log.Warn("oauth state refused", "provider", name, "known", flow != nil, "cookie", cookie != "")
		return h.problem(c, fiber.StatusBadRequest, "oauth.expired", "/login", "oauth.try_again", name)
	}
	retry := "/login"
	if flow.Mode == oauth.ModeLink {
		retry = "/profile"
	}

	if e := c.Query("error"); e != "" || c.Query("code") == "" {
		if e == "" {
			e = "no_code"
		}
		if len(e) > 64 {
			e = e[:64]
		}
		h.deps.Log.Warn("oauth provider refused", "provider", name, "error", errorCodeChars.ReplaceAllString(e, "?"))
		return h.problem(c, fiber.StatusBadRequest, "oauth.denied", retry, "oauth.try_again", name)
	}

	params := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) { params.Add(string(k), string(v)) })
	ctx, cancel := context.WithTimeout(c.UserContext(), h.deps.Timeout)
	defer cancel()
	gu, err := oauth.Exchange(ctx, p, params)
	if err != nil {
		h.deps.Log.Warn("oauth provider round trip failed", "provider", name,
			"error", oauth.SafeError(err, append([]string{c.Query("code")}, h.deps.Secrets...)...))
		return h.problem(c, fiber.StatusBadGateway, "oauth.failed", retry, "oauth.try_again", name)
	}
	prof, err := oauth.ProfileFrom(name, gu)
	if err != nil {
		h.deps.Log.Warn("oauth profile unusable", "provider", name, "error", err.Error())
		return h.problem(c, fiber.StatusBadGateway, "oauth.failed", retry, "oauth.try_again", name)
	}

	ident, err := h.findIdentity(c.UserContext(), prof)
	if err != nil {
		return err
	}
	if flow.Mode == oauth.ModeLink {
		return h.link(c, flow, prof, ident)
	}
	if ident != nil {
		u, err := h.deps.Auth.Users.ByID(c.UserContext(), ident.UserID)
		if err != nil {
			return err
		}
		return h.signIn(c, u, flow)
	}
	return h.signUp(c, flow, prof)
}

// findIdentity looks the profile up under each of its keys.
func (h *OAuth) findIdentity(ctx context.Context, prof oauth.Profile) (*models.Identity, error) {
	for _, id := range prof.LookupIDs {
		ident, err := h.deps.Identities.Find(ctx, prof.Provider, id)
		if err == nil {
			return ident, nil
		}
		if !errors.Is(err, models.ErrNotFound) {
			return nil, err
		}
	}
	return nil, nil
}

// link adds the provider to the signed-in user who started the flow.
func (h *OAuth) link(c *fiber.Ctx, flow *oauth.Flow, prof oauth.Profile, ident *models.Identity) error {
	name := flow.Provider
	u := CurrentUser(c)
	if u == nil || u.ID != flow.UserID {
		// Signed out, or someone else signed in, since the flow began.
		return h.problem(c, fiber.StatusBadRequest, "oauth.expired", "/profile", "oauth.try_again", name)
	}
	if ident != nil {
		if ident.UserID != u.ID {
			h.deps.Log.Warn("oauth link refused: identity belongs to another account", "provider", name, "user_id", u.ID)
			return h.problem(c, fiber.StatusConflict, "oauth.linked_elsewhere", "/profile", "oauth.back_profile", name)
		}
		return c.Redirect(SafeNext(flow.Next), fiber.StatusSeeOther) // already linked: nothing to do
	}
	mine, err := h.deps.Identities.ForUser(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	for _, i := range mine {
		if i.Provider == name {
			return h.problem(c, fiber.StatusConflict, "oauth.already_linked", "/profile", "oauth.back_profile", name)
		}
	}
	if err := h.deps.Identities.Link(c.UserContext(), newIdentity(u.ID, prof)); err != nil {
		// Lost a race with a sign-up by the same provider account.
		h.deps.Log.Warn("oauth link failed", "provider", name, "user_id", u.ID, "error", err.Error())
		return h.problem(c, fiber.StatusConflict, "oauth.linked_elsewhere", "/profile", "oauth.back_profile", name)
	}
	h.deps.Log.Info("oauth provider linked", "provider", name, "user_id", u.ID)
	return c.Redirect(SafeNext(flow.Next), fiber.StatusSeeOther)
}

// signUp creates an account for a provider identity seen for the first time.
// A Google address is taken only when Google verified it and no account has
// it; an existing account with that address is never joined automatically
// (whoever controls the Google account would take it over), so the person
// is asked to sign in with e-mail and link from the profile.
func (h *OAuth) signUp(c *fiber.Ctx, flow *oauth.Flow, prof oauth.Profile) error {
	ctx := c.UserContext()
	name := flow.Provider
	u := &models.User{DisplayName: prof.Name}
	if prof.Email != "" {
		_, err := h.deps.Auth.Users.ByEmail(ctx, prof.Email)
		switch {
		case err == nil:
			return h.emailTaken(c, prof)
		case !errors.Is(err, models.ErrNotFound):
			return err
		}
		now := h.deps.Now()
		u.Email, u.EmailVerifiedAt = &prof.Email, &now
	}
	if err := h.deps.Auth.Users.Create(ctx, u); err != nil {
		if errors.Is(err, models.ErrEmailTaken) {
			return h.emailTaken(c, prof)
		}
		return err
	}
	if err := h.deps.Identities.Link(ctx, newIdentity(u.ID, prof)); err != nil {
		// Another callback for the same identity won the race: drop the
		// account just made and sign in to the winner's.
		if derr := h.deps.Auth.Users.Delete(ctx, u.ID); derr != nil {
			h.deps.Log.Error("oauth sign-up: remove duplicate account", "user_id", u.ID, "error", derr.Error())
		}
		ident, ferr := h.findIdentity(ctx, prof)
		if ferr != nil || ident == nil {
			return errors.Join(err, ferr)
		}
		winner, err := h.deps.Auth.Users.ByID(ctx, ident.UserID)
		if err != nil {
			return err
		}
		return h.signIn(c, winner, flow)
	}
	h.deps.Log.Info("oauth account created", "provider", name, "user_id", u.ID, "email", prof.Email != "")
	return h.signIn(c, u, flow)
}

func (h *OAuth) emailTaken(c *fiber.Ctx, prof oauth.Profile) error {
	h.deps.Log.Info("oauth sign-up refused: e-mail belongs to an existing account", "provider", prof.Provider)
	return h.problem(c, fiber.StatusConflict, "oauth.email_taken", "/login?next="+url.QueryEscape("/profile"), "oauth.sign_in_email",
		prof.Email, prof.Provider)
}

// signIn starts a new session (new id) for u and goes on to the flow's next page.
func (h *OAuth) signIn(c *fiber.Ctx, u *models.User, flow *oauth.Flow) error {
	if u.Disabled() {
		h.deps.Log.Warn("oauth sign-in refused: account disabled", "provider", flow.Provider, "user_id", u.ID)
		return h.problem(c, fiber.StatusForbidden, "oauth.disabled", "", "", flow.Provider)
	}
	if _, err := h.deps.Auth.Sessions.Start(c, u.ID, u.SessionEpoch); err != nil {
		return err
	}
	if err := h.deps.Auth.Users.TouchSignIn(c.UserContext(), u.ID, h.deps.Now()); err != nil {
		h.deps.Log.Warn("record sign-in", "user_id", u.ID, "error", err.Error())
	}
	c.Locals(LocalUserID, u.ID)
	h.deps.Log.Info("signed in", "method", flow.Provider, "user_id", u.ID)
	return c.Redirect(SafeNext(flow.Next), fiber.StatusSeeOther)
}

// Unlink removes a provider from the signed-in user's account, unless it is
// their last way to sign in (no password and no other provider).
func (h *OAuth) Unlink(c *fiber.Ctx) error {
	name := c.Params("provider")
	if !oauth.IsKnown(name) {
		return fiber.ErrNotFound
	}
	u := CurrentUser(c)
	if u == nil {
		return fiber.ErrUnauthorized
	}
	ctx := c.UserContext()
	mine, err := h.deps.Identities.ForUser(ctx, u.ID)
	if err != nil {
		return err
	}
	linked := false
	for _, i := range mine {
		linked = linked || i.Provider == name
	}
	if linked && !h.hasOtherSignIn(u, mine, name) {
		return h.problem(c, fiber.StatusConflict, "oauth.last_method", "/profile", "oauth.back_profile", name)
	}
	if linked {
		if err := h.deps.Identities.Unlink(ctx, u.ID, name); err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		h.deps.Log.Info("oauth provider unlinked", "provider", name, "user_id", u.ID)
	}
	if isHTMX(c) {
		c.Set("HX-Redirect", "/profile")
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Redirect("/profile", fiber.StatusSeeOther)
}

// hasOtherSignIn: is there a way into u's account besides provider except?
func (h *OAuth) hasOtherSignIn(u *models.User, mine []models.Identity, except string) bool {
	return signInRemainsWithout(u, mine, except, func(p string) bool { return h.deps.Providers[p] != nil })
}

// signInRemainsWithout reports whether u could still sign in after
// unlinking provider: with a password and an e-mail, or with another linked
// provider that is configured. Links (the profile's unlink buttons) and
// Unlink use this one rule.
func signInRemainsWithout(u *models.User, ids []models.Identity, provider string, configured func(string) bool) bool {
	if u.PasswordHash != "" && u.Email != nil {
		return true
	}
	for _, i := range ids {
		if i.Provider != provider && configured(i.Provider) {
			return true
		}
	}
	return false
}

// Links describes the user's providers for the profile page: every
// configured provider, and any other one still linked.
func (h *OAuth) Links(ctx context.Context, u *models.User) ([]views.OAuthLink, error) {
	mine, err := h.deps.Identities.ForUser(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []views.OAuthLink
	for _, name := range oauth.Known {
		l := views.OAuthLink{Provider: name, Enabled: h.deps.Providers[name] != nil}
		for _, i := range mine {
			if i.Provider == name {
				l.Linked, l.Name, l.Email = true, i.Name, i.Email
			}
		}
		if !l.Enabled && !l.Linked {
			continue
		}
		l.CanUnlink = l.Linked && h.hasOtherSignIn(u, mine, name)
		out = append(out, l)
	}
	return out, nil
}

func newIdentity(userID int64, prof oauth.Profile) *models.Identity {
	return &models.Identity{
		UserID: userID, Provider: prof.Provider, ProviderUserID: prof.ID,
		Email: prof.Email, Name: prof.Name, AvatarURL: prof.AvatarURL,
	}
}

// problem renders the OAuth problem page: "<key>.title" and "<key>.body"
// formatted with args; a provider name among args shows as its label.
func (h *OAuth) problem(c *fiber.Ctx, status int, key, actionURL, actionKey string, args ...string) error {
	p := h.site.Page(c, "")
	vals := make([]any, len(args))
	for i, a := range args {
		if oauth.IsKnown(a) {
			a = p.T("oauth.provider." + a)
		}
		vals[i] = a
	}
	p.Title = p.T(key+".title", vals...)
	action := ""
	if actionKey != "" {
		action = p.T(actionKey)
	}
	return render(c, status, views.OAuthProblem(p, status, p.Title, p.T(key+".body", vals...), actionURL, action))
}
