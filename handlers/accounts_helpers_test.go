package handlers_test

import (
	"net/http"
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

func expectRedirect(t *testing.T, res *testutil.Response, to string) {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != to {
		t.Fatalf("want 303 to %s, got %d to %q: %.400s", to, res.StatusCode, res.Header.Get("Location"), res.Body)
	}
}

// whoami is the name the page header shows for the client, or "guest".
func whoami(t *testing.T, app *testutil.App) string {
	t.Helper()
	d := testutil.HTML(t, app.Get(t, "/").Body)
	if u := testutil.ByTestID(d, "nav-user"); u.Length() == 1 {
		return strings.TrimSpace(u.Text())
	}
	if testutil.ByTestID(d, "nav-login").Length() != 1 {
		t.Fatal("the header shows neither a user nor the sign-in link")
	}
	return "guest"
}

func signUp(t *testing.T, app *testutil.App, email, pass, name string) *testutil.Response {
	t.Helper()
	return app.PostForm(t, "/signup", url.Values{"email": {email}, "password": {pass}, "name": {name}})
}

func signIn(t *testing.T, app *testutil.App, email, pass string) *testutil.Response {
	t.Helper()
	return app.PostForm(t, "/login", url.Values{"email": {email}, "password": {pass}})
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
