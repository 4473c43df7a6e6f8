package testutil

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/auth/password"
	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/models"
)

// Test-only routes. StartApp mounts them on every app it starts (through
// server.WithRoutes, which only tests pass), so they exist in no other
// build of the app:
//
//	GET /test/signin/:id[?next=/path]  signs the client in as user id, as
//	    the sign-in pages would: 204, or 303 to next (a local path) so that
//	    a browser navigates on
//	GET /test/whoami                   the signed-in user's id, or "guest"
const (
	signInPath = "/test/signin/"
	whoAmIPath = "/test/whoami"
)

func mountTestRoutes(r fiber.Router, srv func() *server.Server) {
	r.Get(signInPath+":id", func(c *fiber.Ctx) error {
		id, err := strconv.ParseInt(c.Params("id"), 10, 64)
		s := srv()
		if err != nil || s == nil {
			return fiber.ErrBadRequest
		}
		u, err := s.Users.ByID(c.UserContext(), id)
		if err != nil {
			return err
		}
		if _, err := s.Sessions.Start(c, u.ID, u.SessionEpoch); err != nil {
			return err
		}
		if next := c.Query("next"); next != "" {
			return c.Redirect(handlers.SafeNext(next), fiber.StatusSeeOther)
		}
		return c.SendStatus(fiber.StatusNoContent)
	})
	r.Get(whoAmIPath, func(c *fiber.Ctx) error {
		if u := handlers.CurrentUser(c); u != nil {
			return c.SendString(strconv.FormatInt(u.ID, 10))
		}
		return c.SendString("guest")
	})
}

// Connect is a client of an app that runs elsewhere (the built binary) at
// baseURL: its own cookies, redirects not followed. Server and Logs are nil.
func Connect(baseURL string) *App {
	return (&App{URL: baseURL, Client: &http.Client{Timeout: 30 * time.Second}}).NewSession()
}

// NewSession is another browser (device) on the same app: a client with a
// cookie jar of its own, the same time-out, and redirects not followed.
func (a *App) NewSession() *App {
	jar, _ := cookiejar.New(nil)
	b := *a
	b.Client = &http.Client{
		Jar:           jar,
		Timeout:       a.Client.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &b
}

// SignIn signs this client in as the user with id, through the test-only
// sign-in route (the sign-in pages have tests of their own).
func (a *App) SignIn(t testing.TB, userID int64) {
	t.Helper()
	if res := a.Get(t, signInPath+strconv.FormatInt(userID, 10)); res.StatusCode != http.StatusNoContent {
		t.Fatalf("test sign-in as %d: %d %.300s", userID, res.StatusCode, res.Body)
	}
}

// NewSessionAs is NewSession signed in as the user with id.
func (a *App) NewSessionAs(t testing.TB, userID int64) *App {
	t.Helper()
	b := a.NewSession()
	b.SignIn(t, userID)
	return b
}

// SignInURL is the address that signs a browser (Chromium) in as the user
// with id and then sends it on to next, a local path with its query.
func (a *App) SignInURL(userID int64, next string) string {
	return a.URL + signInPath + strconv.FormatInt(userID, 10) + "?next=" + url.QueryEscape(next)
}

// WhoAmI is the id of the user this client is signed in as, 0 for a guest.
func (a *App) WhoAmI(t testing.TB) int64 {
	t.Helper()
	res := a.Get(t, whoAmIPath)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", whoAmIPath, res.StatusCode)
	}
	if res.Body == "guest" {
		return 0
	}
	id, err := strconv.ParseInt(res.Body, 10, 64)
	if err != nil {
		t.Fatalf("GET %s: %q", whoAmIPath, res.Body)
	}
	return id
}

// Cookie is the client's cookie with that name, nil when it has none.
func (a *App) Cookie(name string) *http.Cookie {
	u, _ := url.Parse(a.URL)
	for _, c := range a.Client.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// CSRF is the client's CSRF token: its CSRF cookie (the token is a
// double-submit cookie) or, when it has none yet, the token of the home
// page, loaded as a browser would before posting a form.
func (a *App) CSRF(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"bm_csrf", "__Host-bm_csrf"} {
		if c := a.Cookie(name); c != nil && c.Value != "" {
			return c.Value
		}
	}
	return a.CSRFToken(t)
}

// FormContentType is the content type of an HTML form's POST.
const FormContentType = "application/x-www-form-urlencoded"

// Post sends body with the content type as it is (no CSRF token added) and
// optional header pairs.
func (a *App) Post(t testing.TB, path, contentType, body string, headers ...string) *Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, a.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return a.Do(t, req)
}

// PostJSON posts a JSON body, as API clients do (no CSRF token).
func (a *App) PostJSON(t testing.TB, path, body string, headers ...string) *Response {
	t.Helper()
	return a.Post(t, path, "application/json", body, headers...)
}

// PostForm posts a form as a browser would: with the client's CSRF token
// in _csrf, unless v carries a _csrf of its own ("-" sends none at all).
// v is not changed. Header pairs ("HX-Request", "true") are added.
func (a *App) PostForm(t testing.TB, path string, v url.Values, headers ...string) *Response {
	t.Helper()
	out := make(url.Values, len(v)+1)
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	switch out.Get("_csrf") {
	case "":
		out.Set("_csrf", a.CSRF(t))
	case "-":
		out.Del("_csrf")
	}
	return a.Post(t, path, FormContentType, out.Encode(), headers...)
}

// User describes an account for CreateUser; the zero value is an account
// with neither e-mail nor password (as a provider sign-in makes).
type User struct {
	Email    string // "" for none; UniqueEmail gives a fresh one
	Password string // "" for none
	Name     string // display name
	Verified bool   // the e-mail address is proved
}

// CreateUser stores the account u describes.
func (a *App) CreateUser(t testing.TB, u User) *models.User {
	t.Helper()
	m := &models.User{DisplayName: u.Name}
	if u.Email != "" {
		email := u.Email
		m.Email = &email
		if u.Verified {
			now := time.Now().UTC()
			m.EmailVerifiedAt = &now
		}
	}
	if u.Password != "" {
		m.PasswordHash = passwordHash(t, u.Password)
	}
	if err := a.Server.Users.Create(t.Context(), m); err != nil {
		t.Fatalf("create user %q: %v", u.Email, err)
	}
	return m
}

// NewUserSession creates the account u describes and returns it with a new
// session signed in as it.
func (a *App) NewUserSession(t testing.TB, u User) (*models.User, *App) {
	t.Helper()
	m := a.CreateUser(t, u)
	return m, a.NewSessionAs(t, m.ID)
}

// passwordHashes keeps one argon2id hash per password for the whole test
// binary: hashing is deliberately slow and the salt need not differ here.
var passwordHashes sync.Map

func passwordHash(t testing.TB, plain string) string {
	t.Helper()
	if h, ok := passwordHashes.Load(plain); ok {
		return h.(string)
	}
	h, err := password.Hash(plain)
	if err != nil {
		t.Fatal(err)
	}
	passwordHashes.Store(plain, h)
	return h
}

// UniqueEmail is an address no other test uses ("prefix-3fa0c1d2e4b5@example.com"),
// as the tests of a package share one database.
func UniqueEmail(prefix string) string {
	return prefix + "-" + randomHex(6) + "@example.com"
}

// UniqueIP is a forwarded client address (10.x.y.z) that no other test is
// likely to use, so per-address limits and quotas are the test's own.
func UniqueIP() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("10.%d.%d.%d", b[0], b[1], b[2])
}
