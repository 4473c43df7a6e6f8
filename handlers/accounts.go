package handlers

// OWNER: accounts helper (#5 e-mail sign-up/sign-in/verify/reset).

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/auth/password"
	"github.com/bazi-master/bazi-master/internal/auth/token"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/mail"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// Lifetimes of the links sent by e-mail.
const (
	ResetLinkTTL  = 30 * time.Minute
	VerifyLinkTTL = 48 * time.Hour
)

// LocalSignIn is where Login leaves the outcome of a password check, for
// the server's sign-in guard, which counts failures only: SignInFailed or
// SignInSucceeded, unset when no password was checked (a missing field,
// a server error).
const LocalSignIn = "signin_outcome"

// Values of LocalSignIn.
const (
	SignInFailed    = "failed"
	SignInSucceeded = "succeeded"
)

// maxEmailLen is the longest address accepted (RFC 5321 path limit).
const maxEmailLen = 254

// mailTimeout bounds one background delivery.
const mailTimeout = mail.DefaultTimeout + 5*time.Second

// AccountsDeps is what the e-mail account pages need.
type AccountsDeps struct {
	Auth *Auth
	// Mailer delivers verification and reset mail (SMTP, or the log
	// outside production when SMTP is not configured).
	Mailer mail.Sender
	// Tokens signs the single-use links.
	Tokens *token.Signer
	// BaseURL is the public URL the links start with (BACKEND_BASE_URL).
	// Empty (only allowed outside production) means the request's own.
	BaseURL string
	// OAuthProviders are the configured sign-in providers, in button
	// order, offered under the e-mail forms.
	OAuthProviders []string
	Log            *slog.Logger
}

// Accounts serves sign-up, sign-in, sign-out, e-mail verification and password reset.
type Accounts struct {
	site *Site
	deps AccountsDeps
}

// NewAccounts returns the account handlers.
func NewAccounts(site *Site, deps AccountsDeps) *Accounts {
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	return &Accounts{site: site, deps: deps}
}

func (h *Accounts) users() *models.Users { return h.deps.Auth.Users }

// form fills what every account form shows besides the user's input.
func (h *Accounts) form(f views.AuthForm) views.AuthForm {
	f.Providers = h.deps.OAuthProviders
	f.MinPassword = password.MinLength
	return f
}

// ---- sign-up -------------------------------------------------------------

// SignUpPage is GET /signup.
func (h *Accounts) SignUpPage(c *fiber.Ctx) error {
	if CurrentUser(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	p := h.site.Page(c, "auth.signup.title")
	return render(c, fiber.StatusOK, views.SignUpPage(p, h.form(views.AuthForm{})))
}

// SignUp is POST /signup. A new account is signed in at once, unverified,
// and sent a verification link. When the address already has an account
// the answer is the same "check your inbox" page (no session, of course)
// and the owner is mailed a note saying someone tried to sign up with it,
// with links to sign in or reset the password: the page alone does not
// say whether an address is registered.
func (h *Accounts) SignUp(c *fiber.Ctx) error {
	lang := Lang(c)
	// Copies: these end up in the new account and its mail, which outlive
	// the request's buffers.
	f := views.AuthForm{
		Email: strings.Clone(strings.TrimSpace(c.FormValue("email"))),
		Name:  strings.Clone(strings.TrimSpace(c.FormValue("name"))),
	}
	plain := c.FormValue("password")
	f.Errors = map[string]string{}
	if key := emailProblem(f.Email); key != "" {
		f.Errors["email"] = h.t(lang, key)
	}
	if prob := password.Check(plain); prob != nil {
		f.Errors["password"] = h.passwordMessage(lang, prob)
	}
	if key := nameProblem(f.Name); key != "" {
		f.Errors["name"] = h.t(lang, key, maxUserNameRunes)
	}
	if len(f.Errors) > 0 {
		return h.renderForm(c, fiber.StatusUnprocessableEntity, "auth.signup.title", f, views.SignUpPage, views.SignUpForm)
	}

	hash, err := password.Hash(plain)
	if err != nil {
		return fmt.Errorf("sign up: %w", err)
	}
	email := models.NormalizeEmail(f.Email)
	// Language stays unset (the page's language is not a choice the user
	// made); mail falls back to the language of the page that caused it.
	u := &models.User{Email: &email, PasswordHash: hash, DisplayName: f.Name}
	err = h.users().Create(c.UserContext(), u)
	switch {
	case errors.Is(err, models.ErrEmailTaken):
		if existing, lerr := h.users().ByEmail(c.UserContext(), email); lerr == nil && !existing.Disabled() {
			h.sendLater(h.existsMail(c, existing), "signup-exists", existing.ID)
		} else if lerr != nil && !errors.Is(lerr, models.ErrNotFound) {
			h.deps.Log.Error("sign up: load existing account", "error", lerr)
		}
		return redirect(c, "/verify")
	case err != nil:
		return fmt.Errorf("sign up: %w", err)
	}

	if _, err := h.deps.Auth.Sessions.Start(c, u.ID, u.SessionEpoch); err != nil {
		return fmt.Errorf("sign up: start session: %w", err)
	}
	if err := h.users().TouchSignIn(c.UserContext(), u.ID, time.Now()); err != nil {
		h.deps.Log.Warn("sign up: record sign-in", "user_id", u.ID, "error", err)
	}
	h.sendLater(h.verifyMail(c, u), "verify", u.ID)
	return redirect(c, "/verify")
}

// ---- sign-in / sign-out --------------------------------------------------

// LoginPage is GET /login[?next=/path].
func (h *Accounts) LoginPage(c *fiber.Ctx) error {
	next := SafeNext(c.Query("next"))
	if CurrentUser(c) != nil {
		return c.Redirect(next, fiber.StatusSeeOther)
	}
	p := h.site.Page(c, "auth.login.title")
	return render(c, fiber.StatusOK, views.LoginPage(p, h.form(views.AuthForm{Next: next})))
}

// Login is POST /login. An unknown address, a wrong password, an account
// without a password (provider sign-in only) and a disabled account all get
// the same message after the same password work, so the answer says
// nothing about which addresses have accounts.
func (h *Accounts) Login(c *fiber.Ctx) error {
	lang := Lang(c)
	f := views.AuthForm{
		Email: strings.TrimSpace(c.FormValue("email")),
		Next:  SafeNext(c.FormValue("next")),
	}
	plain := c.FormValue("password")
	f.Errors = map[string]string{}
	if f.Email == "" {
		f.Errors["email"] = h.t(lang, "auth.error.email_required")
	}
	if plain == "" {
		f.Errors["password"] = h.t(lang, "auth.error.password_required")
	}
	if len(f.Errors) > 0 {
		return h.renderForm(c, fiber.StatusUnprocessableEntity, "auth.login.title", f, views.LoginPage, views.LoginForm)
	}

	u, ok, err := h.authenticate(c.UserContext(), f.Email, plain)
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	if !ok {
		c.Locals(LocalSignIn, SignInFailed)
		f.Errors["form"] = h.t(lang, "auth.login.failed")
		return h.renderForm(c, fiber.StatusUnauthorized, "auth.login.title", f, views.LoginPage, views.LoginForm)
	}
	// The password was right, even if the session cannot be started.
	c.Locals(LocalSignIn, SignInSucceeded)
	if _, err := h.deps.Auth.Sessions.Start(c, u.ID, u.SessionEpoch); err != nil {
		return fmt.Errorf("sign in: start session: %w", err)
	}
	if err := h.users().TouchSignIn(c.UserContext(), u.ID, time.Now()); err != nil {
		h.deps.Log.Warn("sign in: record sign-in", "user_id", u.ID, "error", err)
	}
	return redirect(c, f.Next)
}

// authenticate checks an address and password. Every failure costs one
// argon2id derivation with the current parameters.
func (h *Accounts) authenticate(ctx context.Context, email, plain string) (*models.User, bool, error) {
	if len(plain) > password.MaxBytes {
		// Never hash megabytes; the same answer as a wrong password.
		password.VerifyDummy("")
		return nil, false, nil
	}
	u, err := h.users().ByEmail(ctx, email)
	if errors.Is(err, models.ErrNotFound) || (err == nil && u.PasswordHash == "") {
		password.VerifyDummy(plain)
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	ok, rehash, err := password.Verify(plain, u.PasswordHash)
	if err != nil {
		// A corrupted stored hash: the user cannot sign in with a password
		// (a reset fixes it); say so in the log only.
		h.deps.Log.Error("sign in: stored password hash unusable", "user_id", u.ID, "error", err)
		return nil, false, nil
	}
	if !ok || u.Disabled() {
		return nil, false, nil
	}
	if rehash {
		if hash, err := password.Hash(plain); err == nil {
			if err := h.users().Update(ctx, u.ID, map[string]any{"password_hash": hash}); err != nil {
				h.deps.Log.Warn("sign in: store rehashed password", "user_id", u.ID, "error", err)
			}
		}
	}
	return u, true, nil
}

// Logout is POST /logout: this browser's session is deleted server-side.
func (h *Accounts) Logout(c *fiber.Ctx) error {
	if err := h.deps.Auth.Sessions.End(c); err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	return redirect(c, "/")
}

// LogoutAll is POST /logout/all ("sign out of all devices"): every session
// of the user ends, this one included.
func (h *Accounts) LogoutAll(c *fiber.Ctx) error {
	u := CurrentUser(c)
	if u == nil {
		return fiber.ErrUnauthorized
	}
	if _, err := h.users().BumpSessionEpoch(c.UserContext(), u.ID); err != nil {
		return fmt.Errorf("sign out everywhere: %w", err)
	}
	if err := h.deps.Auth.Sessions.End(c); err != nil {
		return fmt.Errorf("sign out everywhere: %w", err)
	}
	return redirect(c, "/")
}

// ---- e-mail verification -------------------------------------------------

// Verify is GET /verify. With ?token= it confirms the address the link was
// sent to; without, it shows the signed-in user's verification status (the
// page sign-up leads to) with a button to send the link again.
func (h *Accounts) Verify(c *fiber.Ctx) error {
	tok := c.Query("token")
	if tok == "" {
		return h.verifyStatus(c, fiber.StatusOK, c.Query("sent") == "1", "")
	}
	noStore(c)
	uid, err := h.checkToken(c.UserContext(), token.Verify, tok)
	if err != nil {
		return h.tokenProblem(c, err, "/verify")
	}
	if err := h.users().Update(c.UserContext(), uid, map[string]any{"email_verified_at": time.Now()}); err != nil {
		return fmt.Errorf("verify e-mail of user %d: %w", uid, err)
	}
	p := h.site.Page(c, "auth.verify.done.title")
	return render(c, fiber.StatusOK, views.AuthMessagePage(p, views.AuthMessage{
		TestID: "verify-done", Tone: "ok",
		Title: p.T("auth.verify.done.title"),
		Body:  []string{p.T("auth.verify.done.body")},
		Links: []views.AuthLink{{URL: "/", Label: p.T("auth.continue"), Primary: true}},
	}))
}

func (h *Accounts) verifyStatus(c *fiber.Ctx, status int, sent bool, problem string) error {
	p := h.site.Page(c, "auth.verify.title")
	u := CurrentUser(c)
	m := views.AuthMessage{TestID: "verify-status", Title: p.T("auth.verify.title")}
	switch {
	case u == nil:
		m.Body = []string{p.T("auth.verify.guest.body")}
		m.Links = []views.AuthLink{{URL: "/login?next=%2Fverify", Label: p.T("auth.nav.login"), Primary: true}}
	case u.Verified():
		m.Tone = "ok"
		m.Title = p.T("auth.verify.verified.title")
		m.Body = []string{p.T("auth.verify.verified.body", u.EmailAddress())}
		m.Links = []views.AuthLink{{URL: "/", Label: p.T("auth.continue"), Primary: true}}
		m.SignOutEverywhere = true
	case u.EmailAddress() == "":
		m.Body = []string{p.T("auth.verify.noemail.body")}
	default:
		m.Body = []string{p.T("auth.verify.pending.body", u.EmailAddress()), p.T("auth.verify.pending.hint")}
		m.Resend = true
		m.SignOutEverywhere = true
	}
	if sent {
		m.Notice = p.T("auth.verify.resent")
	}
	if problem != "" {
		m.Tone, m.Notice = "error", problem
	}
	return render(c, status, views.AuthMessagePage(p, m))
}

// ResendVerification is POST /verify/resend for a signed-in, unverified
// user. It sends synchronously so that a delivery failure can be shown.
func (h *Accounts) ResendVerification(c *fiber.Ctx) error {
	u := CurrentUser(c)
	if u == nil {
		return redirect(c, "/login?next=%2Fverify")
	}
	if u.Verified() || u.EmailAddress() == "" {
		return redirect(c, "/verify")
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), mailTimeout)
	defer cancel()
	if err := h.deps.Mailer.Send(ctx, h.verifyMail(c, u)); err != nil {
		h.deps.Log.Error("send mail", "kind", "verify", "user_id", u.ID, "error", err)
		return h.verifyStatus(c, fiber.StatusServiceUnavailable, false, h.t(Lang(c), "auth.mail.failed"))
	}
	return redirect(c, "/verify?sent=1")
}

// ---- password reset ------------------------------------------------------

// ResetPage is GET /reset: the form asking for the address; with ?token=
// the form choosing a new password; ?sent=1 and ?done=1 are the pages
// after each step.
func (h *Accounts) ResetPage(c *fiber.Ctx) error {
	switch {
	case c.Query("token") != "":
		noStore(c)
		tok := c.Query("token")
		if _, err := h.checkToken(c.UserContext(), token.Reset, tok); err != nil {
			return h.tokenProblem(c, err, "/reset")
		}
		p := h.site.Page(c, "auth.reset.choose.title")
		return render(c, fiber.StatusOK, views.ResetPasswordPage(p, h.form(views.AuthForm{Token: tok})))
	case c.Query("sent") == "1":
		p := h.site.Page(c, "auth.reset.sent.title")
		return render(c, fiber.StatusOK, views.AuthMessagePage(p, views.AuthMessage{
			TestID: "reset-sent", Title: p.T("auth.reset.sent.title"),
			Body:  []string{p.T("auth.reset.sent.body", int(ResetLinkTTL.Minutes()))},
			Links: []views.AuthLink{{URL: "/login", Label: p.T("auth.nav.login")}},
		}))
	case c.Query("done") == "1":
		p := h.site.Page(c, "auth.reset.done.title")
		return render(c, fiber.StatusOK, views.AuthMessagePage(p, views.AuthMessage{
			TestID: "reset-done", Tone: "ok", Title: p.T("auth.reset.done.title"),
			Body:  []string{p.T("auth.reset.done.body")},
			Links: []views.AuthLink{{URL: "/", Label: p.T("auth.continue"), Primary: true}},
		}))
	}
	p := h.site.Page(c, "auth.reset.title")
	return render(c, fiber.StatusOK, views.ResetRequestPage(p, h.form(views.AuthForm{})))
}

// ResetRequest is POST /reset: the answer is the same whether or not the
// address has an account; the mail goes out in the background so the
// timing does not tell either.
func (h *Accounts) ResetRequest(c *fiber.Ctx) error {
	lang := Lang(c)
	f := views.AuthForm{Email: strings.TrimSpace(c.FormValue("email"))}
	if key := emailProblem(f.Email); key != "" {
		f.Errors = map[string]string{"email": h.t(lang, key)}
		return h.renderForm(c, fiber.StatusUnprocessableEntity, "auth.reset.title", f, views.ResetRequestPage, views.ResetRequestForm)
	}
	u, err := h.users().ByEmail(c.UserContext(), f.Email)
	switch {
	case err == nil && !u.Disabled():
		h.sendLater(h.resetMail(c, u), "reset", u.ID)
	case err != nil && !errors.Is(err, models.ErrNotFound):
		return fmt.Errorf("reset request: %w", err)
	}
	return redirect(c, "/reset?sent=1")
}

// ResetConfirm is POST /reset/confirm: a valid link and an acceptable new
// password set the password, confirm the address (the link proved the
// mailbox), end every other session and sign this browser in.
func (h *Accounts) ResetConfirm(c *fiber.Ctx) error {
	noStore(c)
	lang := Lang(c)
	tok := c.FormValue("token")
	uid, u, err := h.checkTokenUser(c.UserContext(), token.Reset, tok)
	if err != nil {
		return h.tokenProblem(c, err, "/reset")
	}
	plain := c.FormValue("password")
	if prob := password.Check(plain); prob != nil {
		f := views.AuthForm{Token: tok, Errors: map[string]string{"password": h.passwordMessage(lang, prob)}}
		return h.renderForm(c, fiber.StatusUnprocessableEntity, "auth.reset.choose.title", f, views.ResetPasswordPage, views.ResetPasswordForm)
	}
	hash, err := password.Hash(plain)
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	// Conditional on the state the link was checked against: of two requests
	// racing with one link, only the first changes the password.
	epoch, err := h.users().ReplacePassword(c.UserContext(), uid, u.PasswordHash, u.SessionEpoch, hash, true)
	if errors.Is(err, models.ErrStale) {
		return h.tokenProblem(c, token.ErrUsed, "/reset")
	}
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	if _, err := h.deps.Auth.Sessions.Start(c, uid, epoch); err != nil {
		return fmt.Errorf("reset password: start session: %w", err)
	}
	if err := h.users().TouchSignIn(c.UserContext(), uid, time.Now()); err != nil {
		h.deps.Log.Warn("reset password: record sign-in", "user_id", uid, "error", err)
	}
	return redirect(c, "/reset?done=1")
}

// ---- tokens --------------------------------------------------------------

// verifyState is what a verification link is bound to: the address it was
// sent to, while unverified. Verifying (or changing the address) changes it.
func verifyState(u *models.User) string {
	if u.Verified() {
		return "verified"
	}
	return "unverified\x00" + u.EmailAddress()
}

// resetState is what a reset link is bound to: the address, the password
// hash and the session epoch. Setting a password or signing out everywhere
// changes it, so a link works once and older links stop working.
func resetState(u *models.User) string {
	return u.EmailAddress() + "\x00" + u.PasswordHash + "\x00" + strconv.FormatInt(u.SessionEpoch, 10)
}

// ResetLinkState exposes the reset link's binding to tests that sign their
// own tokens (an expired link, for instance).
func ResetLinkState(u *models.User) string { return resetState(u) }

func (h *Accounts) checkToken(ctx context.Context, p token.Purpose, tok string) (int64, error) {
	uid, _, err := h.checkTokenUser(ctx, p, tok)
	return uid, err
}

// checkTokenUser is checkToken returning the user as it was when the link
// was checked, so an update can be made conditional on that state.
func (h *Accounts) checkTokenUser(ctx context.Context, p token.Purpose, tok string) (int64, *models.User, error) {
	var checked *models.User
	uid, err := h.deps.Tokens.Check(tok, p, func(id int64) (string, bool, error) {
		u, err := h.users().ByID(ctx, id)
		if errors.Is(err, models.ErrNotFound) {
			return "", false, nil
		}
		if err != nil {
			return "", false, err
		}
		if u.Disabled() || u.EmailAddress() == "" {
			return "", false, nil
		}
		checked = u
		if p == token.Verify {
			return verifyState(u), true, nil
		}
		return resetState(u), true, nil
	})
	return uid, checked, err
}

// tokenProblem answers a link that cannot be used: a general page for
// tampered or foreign links (400), and "expired" or "already used" (410)
// for genuine ones, each with the way to get a new link.
func (h *Accounts) tokenProblem(c *fiber.Ctx, err error, again string) error {
	var key string
	status := fiber.StatusGone
	switch {
	case errors.Is(err, token.ErrExpired):
		key = "auth.link.expired"
	case errors.Is(err, token.ErrUsed):
		key = "auth.link.used"
	case errors.Is(err, token.ErrInvalid):
		key, status = "auth.link.invalid", fiber.StatusBadRequest
	default:
		return fmt.Errorf("check link: %w", err)
	}
	p := h.site.Page(c, key+".title")
	label := p.T("auth.link.again.reset")
	if again == "/verify" {
		label = p.T("auth.link.again.verify")
	}
	return render(c, status, views.AuthMessagePage(p, views.AuthMessage{
		TestID: "link-problem", Tone: "error",
		Title: p.T(key + ".title"),
		Body:  []string{p.T(key + ".body")},
		Links: []views.AuthLink{{URL: again, Label: label, Primary: true}},
	}))
}

// ---- mail ----------------------------------------------------------------

func (h *Accounts) linkBase(c *fiber.Ctx) string {
	if h.deps.BaseURL != "" {
		return h.deps.BaseURL
	}
	// Outside production only (config requires BACKEND_BASE_URL there).
	return c.BaseURL()
}

// mailLang is the user's chosen language, else the page's.
func mailLang(c *fiber.Ctx, u *models.User) i18n.Lang {
	if l, ok := i18n.Parse(u.Language); ok {
		return l
	}
	return Lang(c)
}

func greetingName(u *models.User) string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.EmailAddress()
}

func (h *Accounts) verifyMail(c *fiber.Ctx, u *models.User) mail.Message {
	lang := mailLang(c, u)
	link := h.linkBase(c) + "/verify?token=" + url.QueryEscape(h.deps.Tokens.Sign(token.Verify, u.ID, VerifyLinkTTL, verifyState(u)))
	return mail.Message{
		To:      u.EmailAddress(),
		Subject: h.t(lang, "auth.mail.verify.subject"),
		Text:    h.t(lang, "auth.mail.verify.body", greetingName(u), link, int(VerifyLinkTTL.Hours())),
	}
}

func (h *Accounts) resetMail(c *fiber.Ctx, u *models.User) mail.Message {
	lang := mailLang(c, u)
	link := h.linkBase(c) + "/reset?token=" + url.QueryEscape(h.deps.Tokens.Sign(token.Reset, u.ID, ResetLinkTTL, resetState(u)))
	return mail.Message{
		To:      u.EmailAddress(),
		Subject: h.t(lang, "auth.mail.reset.subject"),
		Text:    h.t(lang, "auth.mail.reset.body", greetingName(u), link, int(ResetLinkTTL.Minutes())),
	}
}

func (h *Accounts) existsMail(c *fiber.Ctx, u *models.User) mail.Message {
	lang := mailLang(c, u)
	base := h.linkBase(c)
	return mail.Message{
		To:      u.EmailAddress(),
		Subject: h.t(lang, "auth.mail.exists.subject"),
		Text:    h.t(lang, "auth.mail.exists.body", greetingName(u), base+"/login", base+"/reset"),
	}
}

// sendLater delivers m in the background, so that the response (and its
// timing) does not depend on whether a mail was sent. Fiber's strings point
// into buffers that are reused once the handler returns, so the message is
// copied first; nothing of the request is used afterwards.
func (h *Accounts) sendLater(m mail.Message, kind string, userID int64) {
	m = mail.Message{To: strings.Clone(m.To), Subject: strings.Clone(m.Subject), Text: strings.Clone(m.Text), HTML: strings.Clone(m.HTML)}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), mailTimeout)
		defer cancel()
		if err := h.deps.Mailer.Send(ctx, m); err != nil {
			h.deps.Log.Error("send mail", "kind", kind, "user_id", userID, "error", err)
		}
	}()
}

// ---- helpers -------------------------------------------------------------

func (h *Accounts) t(lang i18n.Lang, key string, args ...any) string {
	return h.site.I18n.T(lang, key, args...)
}

func (h *Accounts) passwordMessage(lang i18n.Lang, prob *password.Problem) string {
	switch prob.Code {
	case password.CodeTooShort:
		return h.t(lang, "auth.password.too_short", password.MinLength)
	case password.CodeTooLong:
		return h.t(lang, "auth.password.too_long", password.MaxLength)
	case password.CodeTooCommon:
		return h.t(lang, "auth.password.too_common")
	case password.CodeRepetitive:
		return h.t(lang, "auth.password.repetitive")
	}
	return h.t(lang, "auth.password.invalid")
}

// renderForm answers a form with errors: htmx gets the form alone (htmx 2
// swaps only 2xx answers, so it is a 200), a plain POST the whole page.
func (h *Accounts) renderForm(c *fiber.Ctx, status int, titleKey string, f views.AuthForm,
	page func(views.Page, views.AuthForm) templ.Component, form func(views.Page, views.AuthForm) templ.Component) error {
	p := h.site.Page(c, titleKey)
	f = h.form(f)
	if isHTMX(c) {
		return render(c, fiber.StatusOK, form(p, f))
	}
	return render(c, status, page(p, f))
}

// redirect sends the browser to target after a POST: 303 for a plain form,
// HX-Redirect for htmx.
func redirect(c *fiber.Ctx, target string) error {
	if isHTMX(c) {
		c.Set("HX-Redirect", target)
		return c.Status(fiber.StatusOK).SendString("")
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

// noStore keeps pages that carry a link token out of caches and Referer headers.
func noStore(c *fiber.Ctx) {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("Referrer-Policy", "no-referrer")
}

// emailProblem returns the translation key of what is wrong with an
// address typed into a form, or "".
func emailProblem(s string) string {
	if s == "" {
		return "auth.error.email_required"
	}
	if len(s) > maxEmailLen {
		return "auth.error.email_invalid"
	}
	a, err := netmail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "auth.error.email_invalid"
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || !strings.Contains(s[at+1:], ".") || strings.HasSuffix(s, ".") {
		return "auth.error.email_invalid"
	}
	for _, r := range s {
		// Mail goes out as plain ASCII (no SMTPUTF8).
		if r <= ' ' || r >= 0x7f {
			return "auth.error.email_invalid"
		}
	}
	return ""
}

// maxUserNameRunes bounds an account's optional display name.
const maxUserNameRunes = 80

// nameProblem checks the optional display name.
func nameProblem(s string) string {
	if utf8.RuneCountInString(s) > maxUserNameRunes {
		return "auth.error.name_too_long"
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "auth.error.name_invalid"
		}
	}
	return ""
}
