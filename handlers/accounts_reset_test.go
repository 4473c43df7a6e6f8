package handlers_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/auth/token"
	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// Password reset: request → mail → link → new password. The old password
// stops working, the new one works, every other session ends, the address
// counts as verified, and the link cannot be used again.
func TestPasswordReset(t *testing.T) {
	app, relay := startAccounts(t)
	email, oldPass, newPass := testutil.UniqueEmail("reset"), "moon over the west lake", "a brand new passphrase"
	expectRedirect(t, signUp(t, app, email, oldPass, "Bo"), "/verify")
	relay.WaitForMessage(t, email, mailWait) // verification, left unopened
	laptop := app.NewSession()
	expectRedirect(t, signIn(t, laptop, email, oldPass), "/")

	// The request answers the same for an unknown address and sends nothing.
	forgetful := app.NewSession()
	unknown := testutil.UniqueEmail("unknown")
	expectRedirect(t, forgetful.PostForm(t, "/reset", url.Values{"email": {unknown}}), "/reset?sent=1")
	expectRedirect(t, forgetful.PostForm(t, "/reset", url.Values{"email": {strings.ToUpper(email)}}), "/reset?sent=1")
	sent := forgetful.Get(t, "/reset?sent=1")
	if !strings.Contains(sent.Body, "If an account exists for that address") || !strings.Contains(sent.Body, "30 minutes") {
		t.Fatalf("sent page: %.300s", sent.Body)
	}
	link, m := mailLink(t, relay, app, email, "/reset")
	if m.Subject != "Reset your BaZi Master password" || !strings.Contains(m.Text, "30 minutes") {
		t.Fatalf("reset mail: %q\n%s", m.Subject, m.Text)
	}
	for _, got := range relay.Messages() {
		for _, to := range got.To {
			if strings.EqualFold(to, unknown) {
				t.Fatal("a reset mail went to an address without an account")
			}
		}
	}

	// The link opens the new-password form; a refused password keeps the token.
	res := forgetful.Get(t, link)
	d := testutil.HTML(t, res.Body)
	tok := d.Find(`input[name="token"]`).AttrOr("value", "")
	if res.StatusCode != http.StatusOK || tok == "" || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("reset form: %d token=%q", res.StatusCode, tok)
	}
	res = forgetful.PostForm(t, "/reset/confirm", url.Values{"token": {tok}, "password": {"password1"}})
	d = testutil.HTML(t, res.Body)
	if res.StatusCode != http.StatusUnprocessableEntity || testutil.ByTestID(d, "error-password").Length() != 1 || d.Find(`input[name="token"]`).AttrOr("value", "") != tok {
		t.Fatalf("common password at reset: %d", res.StatusCode)
	}
	expectRedirect(t, forgetful.PostForm(t, "/reset/confirm", url.Values{"token": {tok}, "password": {newPass}}), "/reset?done=1")
	if who := whoami(t, forgetful); who != "Bo" {
		t.Fatalf("after the reset the browser is %q", who)
	}
	if testutil.ByTestID(testutil.HTML(t, forgetful.Get(t, "/reset?done=1").Body), "reset-done").Length() != 1 {
		t.Fatal("no confirmation page")
	}

	// Every session from before is gone.
	for name, c := range map[string]*testutil.App{"the first browser": app, "the laptop": laptop} {
		if who := whoami(t, c); who != "guest" {
			t.Fatalf("%s is still signed in as %q", name, who)
		}
	}
	if !mustUser(t, app, email).Verified() {
		t.Fatal("a reset (which proves the mailbox) did not verify the address")
	}
	if res := signIn(t, app.NewSession(), email, oldPass); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the old password still works: %d", res.StatusCode)
	}
	expectRedirect(t, signIn(t, app.NewSession(), email, newPass), "/")

	// The link works once.
	for _, try := range []func() *testutil.Response{
		func() *testutil.Response { return app.NewSession().Get(t, link) },
		func() *testutil.Response {
			return (app.NewSession()).PostForm(t, "/reset/confirm", url.Values{"token": {tok}, "password": {"yet another passphrase"}})
		},
	} {
		res := try()
		if res.StatusCode != http.StatusGone || !strings.Contains(res.Body, "already been used") {
			t.Fatalf("reused reset link: %d %.200s", res.StatusCode, res.Body)
		}
	}
	expectRedirect(t, signIn(t, app.NewSession(), email, newPass), "/")
}

// mutableClock is a server clock a test can move forward.
type mutableClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *mutableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *mutableClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Expired, tampered and wrong-purpose links get a clear page that does not
// say more than it should.
func TestResetLinkExpiredOrTampered(t *testing.T) {
	clk := &mutableClock{t: time.Now()}
	const secret = "a test secret that is long enough for production use"
	app, relay := startAccounts(t,
		testutil.WithEnv("SESSION_TOKEN_SECRET", secret),
		testutil.WithServerOptions(server.WithClock(clk.Now)))
	email, pass := testutil.UniqueEmail("expiry"), "the river runs to the east"
	expectRedirect(t, signUp(t, app, email, pass, ""), "/verify")
	verifyLink, _ := mailLink(t, relay, app, email, "/verify")
	expectRedirect(t, app.PostForm(t, "/reset", url.Values{"email": {email}}), "/reset?sent=1")
	link, _ := mailLink(t, relay, app, email, "/reset")
	tok := strings.TrimPrefix(link, "/reset?token=")

	// 29 minutes later it still works; at 30 it has expired.
	clk.Add(29 * time.Minute)
	if res := app.Get(t, link); res.StatusCode != http.StatusOK {
		t.Fatalf("after 29 minutes: %d", res.StatusCode)
	}
	clk.Add(time.Minute)
	for _, res := range []*testutil.Response{
		app.Get(t, link),
		app.PostForm(t, "/reset/confirm", url.Values{"token": {tok}, "password": {"a fresh passphrase here"}}),
	} {
		d := testutil.HTML(t, res.Body)
		if res.StatusCode != http.StatusGone || !strings.Contains(testutil.ByTestID(d, "message-title").Text(), "expired") {
			t.Fatalf("expired link: %d %q", res.StatusCode, testutil.ByTestID(d, "message-title").Text())
		}
		if testutil.ByTestID(d, "link-problem").Find(`a[href="/reset"]`).Length() != 1 {
			t.Fatal("the expired-link page does not offer a new link")
		}
	}

	// A link signed with a past expiry through the token package, bound to the current state.
	u := mustUser(t, app, email)
	signer := token.NewSigner(secret, clk.Now)
	past := signer.SignUntil(token.Reset, u.ID, clk.Now().Add(-time.Second), handlers.ResetLinkState(u))
	if res := app.Get(t, "/reset?token="+past); res.StatusCode != http.StatusGone {
		t.Fatalf("token signed already expired: %d", res.StatusCode)
	}
	fresh := signer.Sign(token.Reset, u.ID, handlers.ResetLinkTTL, handlers.ResetLinkState(u))
	if res := app.Get(t, "/reset?token="+fresh); res.StatusCode != http.StatusOK {
		t.Fatalf("a fresh token signed with the app's secret: %d", res.StatusCode)
	}

	// Tampered: each is the same general "not valid" page (400).
	raw, _ := base64.RawURLEncoding.DecodeString(fresh)
	raw[5] ^= 0x01 // another user id
	tampered := base64.RawURLEncoding.EncodeToString(raw)
	verifyTok := strings.TrimPrefix(verifyLink, "/verify?token=")
	otherSecret := token.NewSigner("another secret entirely, also long enough", clk.Now).Sign(token.Reset, u.ID, time.Hour, handlers.ResetLinkState(u))
	var invalidPage string
	for name, bad := range map[string]string{
		"altered":           tampered,
		"truncated":         fresh[:len(fresh)-2],
		"garbage":           "hello",
		"verify link reset": verifyTok,
		"other secret":      otherSecret,
	} {
		res := app.Get(t, "/reset?token="+url.QueryEscape(bad))
		body := testutil.ByTestID(testutil.HTML(t, res.Body), "link-problem").Text()
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "not valid") {
			t.Fatalf("%s token: %d %q", name, res.StatusCode, body)
		}
		if invalidPage == "" {
			invalidPage = body
		} else if body != invalidPage {
			t.Fatalf("%s: the invalid-link page differs by cause", name)
		}
		res = app.PostForm(t, "/reset/confirm", url.Values{"token": {bad}, "password": {"a fresh passphrase here"}})
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("%s token posted: %d", name, res.StatusCode)
		}
	}
	// A reset token is not a verification token either.
	if res := app.Get(t, "/verify?token="+fresh); res.StatusCode != http.StatusBadRequest || mustUser(t, app, email).Verified() {
		t.Fatalf("reset token accepted at /verify: %d", res.StatusCode)
	}
	// The verification link, two days on, has expired.
	clk.Add(handlers.VerifyLinkTTL)
	if res := app.Get(t, verifyLink); res.StatusCode != http.StatusGone || mustUser(t, app, email).Verified() {
		t.Fatalf("expired verification link: %d", res.StatusCode)
	}
}

// Resending the verification link: a signed-in, unverified user gets a new
// mail; guests are sent to sign in.
func TestResendVerification(t *testing.T) {
	app, relay := startAccounts(t)
	email := testutil.UniqueEmail("resend")
	expectRedirect(t, signUp(t, app, email, "snow on the plum tree", ""), "/verify")
	relay.WaitForMessage(t, email, mailWait)
	expectRedirect(t, app.PostForm(t, "/verify/resend", nil), "/verify?sent=1")
	if n := testutil.ByTestID(testutil.HTML(t, app.Get(t, "/verify?sent=1").Body), "notice"); n.Length() != 1 {
		t.Fatal("no notice after resending")
	}
	link, _ := mailLink(t, relay, app, email, "/verify")
	if res := app.Get(t, link); res.StatusCode != http.StatusOK || !mustUser(t, app, email).Verified() {
		t.Fatalf("resent link: %d", res.StatusCode)
	}
	// Verified: nothing more to send.
	expectRedirect(t, app.PostForm(t, "/verify/resend", nil), "/verify")
	expectRedirect(t, (app.NewSession()).PostForm(t, "/verify/resend", nil), "/login?next=%2Fverify")
}

// Without SMTP_* (development), mail is not sent but logged, link included,
// and the links use the request's own address when BACKEND_BASE_URL is unset.
func TestMailLoggedWithoutSMTP(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithServerOptions(server.WithLimits(server.Limits{})))
	email := testutil.UniqueEmail("devlog")
	expectRedirect(t, signUp(t, app, email, "a quiet courtyard at dusk", ""), "/verify")
	var link string
	testutil.Eventually(t, 5*time.Second, func() error {
		for _, line := range app.Logs.Lines(t) {
			if line["msg"] == "mail not sent (no SMTP configured)" && line["to"] == email {
				text, _ := line["text"].(string)
				link = linkRE.FindString(text)
				return nil
			}
		}
		return testutil.Errorf("no logged mail to %s", email)
	})
	if !strings.HasPrefix(link, app.URL+"/verify?token=") {
		t.Fatalf("logged link %q", link)
	}
	if res := app.Get(t, strings.TrimPrefix(link, app.URL)); res.StatusCode != http.StatusOK || !mustUser(t, app, email).Verified() {
		t.Fatalf("logged link does not verify: %d", res.StatusCode)
	}
}

// With BACKEND_BASE_URL set, links start with it whatever host the request
// claims (a forged X-Forwarded-Host cannot redirect reset links elsewhere).
func TestMailLinksUseBackendBaseURL(t *testing.T) {
	app, relay := startAccounts(t, testutil.WithEnv("BACKEND_BASE_URL", "https://bazi.example.com/"))
	email := testutil.UniqueEmail("base")
	expectRedirect(t, app.PostForm(t, "/signup", url.Values{"email": {email}, "password": {"bamboo bends in the wind"}}, "X-Forwarded-Host", "evil.example"), "/verify")
	m := relay.WaitForMessage(t, email, mailWait)
	if !strings.Contains(m.Text, "https://bazi.example.com/verify?token=") || strings.Contains(m.Text, "evil.example") {
		t.Fatalf("link not on BACKEND_BASE_URL:\n%s", m.Text)
	}
}

// Two requests racing with the same reset link: exactly one sets the
// password, the other is told the link was used.
func TestResetLinkRaceUsesItOnce(t *testing.T) {
	app, relay := startAccounts(t)
	email := testutil.UniqueEmail("race")
	expectRedirect(t, signUp(t, app, email, "moon over the west lake", "Race"), "/verify")
	relay.WaitForMessage(t, email, mailWait)
	requester := app.NewSession()
	expectRedirect(t, requester.PostForm(t, "/reset", url.Values{"email": {email}}), "/reset?sent=1")
	link, _ := mailLink(t, relay, app, email, "/reset")
	tok := testutil.HTML(t, requester.Get(t, link).Body).Find(`input[name="token"]`).AttrOr("value", "")

	const n = 6
	statuses := make(chan int, n)
	clients := make([]*testutil.App, n)
	for i := range clients {
		clients[i] = app.NewSession()
		(clients[i]).CSRF(t) // fetch each browser's token before the race
	}
	for i := 0; i < n; i++ {
		go func(c *testutil.App, pass string) {
			statuses <- c.PostForm(t, "/reset/confirm", url.Values{"token": {tok}, "password": {pass}}).StatusCode
		}(clients[i], "racing passphrase number "+strconv.Itoa(i))
	}
	ok := 0
	for i := 0; i < n; i++ {
		switch s := <-statuses; s {
		case http.StatusSeeOther:
			ok++
		case http.StatusGone:
		default:
			t.Errorf("unexpected status %d", s)
		}
	}
	if ok != 1 {
		t.Fatalf("%d requests used the same reset link", ok)
	}
}
