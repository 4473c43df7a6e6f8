package handlers_test

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/internal/testutil/smtpd"
	"github.com/bazi-master/bazi-master/models"
)

// Test helpers for the e-mail account flows (accounts_*_test.go).

const (
	smtpUser = "mailer"
	smtpPass = "relay pass"
	mailWait = 10 * time.Second
)

// startAccounts runs the app with its mail going through an in-process SMTP
// relay that requires STARTTLS and AUTH, configured the way an operator
// would (SMTP_* variables), plus the relay's CA. Rate limits are off so that
// a test may sign in as often as it needs (their own tests cover them).
func startAccounts(t *testing.T, opts ...testutil.AppOption) (*testutil.App, *smtpd.Server) {
	t.Helper()
	relay := smtpd.Start(t, smtpd.WithAuth(smtpUser, smtpPass))
	all := []testutil.AppOption{
		testutil.WithEnv(
			"SMTP_HOST", relay.Host(), "SMTP_PORT", strconv.Itoa(relay.Port()),
			"SMTP_USERNAME", smtpUser, "SMTP_PASSWORD", smtpPass,
			"SMTP_FROM", "BaZi Master <no-reply@example.com>",
		),
		testutil.WithServerOptions(server.WithSMTPRootCAs(relay.RootCAs()), server.WithLimits(server.Limits{})),
	}
	return testutil.StartApp(t, append(all, opts...)...), relay
}

// uniqueEmail is an address no other test in the package (which shares one
// database) uses.
func uniqueEmail(name string) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return name + "-" + hex.EncodeToString(b[:]) + "@example.com"
}

// browser is another client of the same app with its own cookies (another
// device).
func browser(t *testing.T, app *testutil.App) *testutil.App {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	other := *app
	other.Client = &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &other
}

// csrf returns the client's CSRF token, loading a page first when it has none.
func csrf(t *testing.T, app *testutil.App) string {
	t.Helper()
	if c := cookie(t, app, "bm_csrf"); c != nil {
		return c.Value
	}
	return app.CSRFToken(t)
}

func cookie(t *testing.T, app *testutil.App, name string) *http.Cookie {
	t.Helper()
	u, _ := url.Parse(app.URL)
	for _, c := range app.Client.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// post sends a form as a browser would: with the CSRF field unless the
// values carry one (or "-" to send none). Header pairs are added.
func post(t *testing.T, app *testutil.App, path string, v url.Values, headers ...string) *testutil.Response {
	t.Helper()
	v = cloneValues(v)
	switch v.Get("_csrf") {
	case "":
		v.Set("_csrf", csrf(t, app))
	case "-":
		v.Del("_csrf")
	}
	req, _ := http.NewRequest(http.MethodPost, app.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return app.Do(t, req)
}

func expectRedirect(t *testing.T, res *testutil.Response, to string) {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != to {
		t.Fatalf("want 303 to %s, got %d to %q: %.400s", to, res.StatusCode, res.Header.Get("Location"), res.Body)
	}
}

// whoami is the name the page header shows for the client, or "guest".
func whoami(t *testing.T, app *testutil.App) string {
	t.Helper()
	d := htmlDoc(t, app.Get(t, "/").Body)
	if u := byTestID(d, "nav-user"); u.Length() == 1 {
		return strings.TrimSpace(u.Text())
	}
	if byTestID(d, "nav-login").Length() != 1 {
		t.Fatal("the header shows neither a user nor the sign-in link")
	}
	return "guest"
}

func signUp(t *testing.T, app *testutil.App, email, pass, name string) *testutil.Response {
	t.Helper()
	return post(t, app, "/signup", url.Values{"email": {email}, "password": {pass}, "name": {name}})
}

func signIn(t *testing.T, app *testutil.App, email, pass string) *testutil.Response {
	t.Helper()
	return post(t, app, "/login", url.Values{"email": {email}, "password": {pass}})
}

var linkRE = regexp.MustCompile(`https?://[^\s]+/(verify|reset)\?token=[A-Za-z0-9_-]+`)

// mailLink waits for the next mail to addr and returns the link it holds
// to path ("/verify" or "/reset"), made relative to the app.
func mailLink(t *testing.T, relay *smtpd.Server, app *testutil.App, addr, path string) (string, smtpd.Received) {
	t.Helper()
	m := relay.WaitForMessage(t, addr, mailWait)
	if m.ParseErr != nil {
		t.Fatalf("mail to %s does not parse: %v", addr, m.ParseErr)
	}
	link := linkRE.FindString(m.Text)
	if link == "" || !strings.Contains(link, path+"?token=") {
		t.Fatalf("mail %q to %s has no %s link:\n%s", m.Subject, addr, path, m.Text)
	}
	if !strings.HasPrefix(link, app.URL+path) {
		t.Fatalf("link %s does not point at the app %s", link, app.URL)
	}
	return strings.TrimPrefix(link, app.URL), m
}

// mustUser loads the account with addr.
func mustUser(t *testing.T, app *testutil.App, addr string) *models.User {
	t.Helper()
	u, err := app.Server.Users.ByEmail(t.Context(), addr)
	if err != nil {
		t.Fatalf("load %s: %v", addr, err)
	}
	return u
}
