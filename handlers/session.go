package handlers

import (
	"errors"
	"log/slog"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/auth/session"
	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/models"
)

// LocalUser holds the signed-in *models.User for the request.
const LocalUser = "user"

// localAuthUnavailable marks a request whose session could not be checked
// because the database was unreachable.
const localAuthUnavailable = "auth_unavailable"

// Auth knows who is signed in: it loads the session and the user on every
// page request, and guards pages that need a user or an admin.
type Auth struct {
	Sessions *session.Manager
	Users    *models.Users
	cfg      config.Config
	log      *slog.Logger
}

// NewAuth returns the request authenticator.
func NewAuth(cfg config.Config, log *slog.Logger, sessions *session.Manager, users *models.Users) *Auth {
	return &Auth{Sessions: sessions, Users: users, cfg: cfg, log: log}
}

// Middleware puts the signed-in user into the request. A session whose user
// is gone, disabled, or signed out everywhere since (epoch bumped) is ended
// at once.
func (a *Auth) Middleware(c *fiber.Ctx) error {
	s, err := a.Sessions.Get(c)
	if err != nil {
		// The store is down: serve the request as a guest rather than fail it.
		a.log.Warn("session store unavailable", "error", err)
		return c.Next()
	}
	if s == nil {
		return c.Next()
	}
	u, err := a.Users.ByID(c.UserContext(), s.UserID)
	switch {
	case errors.Is(err, models.ErrNotFound), err == nil && (u.Disabled() || u.SessionEpoch != s.Epoch):
		_ = a.Sessions.End(c)
	case err != nil && isUnavailable(err):
		// The database is down: serve pages that need no data as a guest,
		// and let RequireUser answer 503 rather than ask to sign in again.
		a.log.Warn("user store unavailable", "error", err)
		c.Locals(localAuthUnavailable, true)
	case err != nil:
		return err
	default:
		c.Locals(LocalUser, u)
		c.Locals(LocalUserID, u.ID)
	}
	return c.Next()
}

// CurrentUser is the signed-in user, or nil for a guest.
func CurrentUser(c *fiber.Ctx) *models.User {
	u, _ := c.Locals(LocalUser).(*models.User)
	return u
}

// IsAdmin: a verified e-mail listed in ADMIN_EMAILS. An unverified sign-up
// with that address is not an admin.
func (a *Auth) IsAdmin(u *models.User) bool {
	return u != nil && u.Verified() && !u.Disabled() && a.cfg.IsAdminEmail(u.EmailAddress())
}

// RequireUser sends guests to the sign-in page, coming back here after.
func (a *Auth) RequireUser(c *fiber.Ctx) error {
	if CurrentUser(c) != nil {
		return c.Next()
	}
	if down, _ := c.Locals(localAuthUnavailable).(bool); down {
		return fiber.ErrServiceUnavailable
	}
	if c.Method() != fiber.MethodGet {
		return fiber.ErrUnauthorized
	}
	next := c.OriginalURL()
	if isHTMX(c) {
		c.Set("HX-Redirect", "/login?next="+url.QueryEscape(next))
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Redirect("/login?next="+url.QueryEscape(next), fiber.StatusSeeOther)
}

// RequireAdmin answers 404 to everyone but admins, so the admin pages'
// existence is not revealed.
func (a *Auth) RequireAdmin(c *fiber.Ctx) error {
	if !a.IsAdmin(CurrentUser(c)) {
		return fiber.ErrNotFound
	}
	return c.Next()
}

// SafeNext returns a local path to go back to after sign-in, or "/": never
// another site (open redirect).
func SafeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}
