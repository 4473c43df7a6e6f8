package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/auth/password"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// The whole life of an e-mail account over HTTP: sign up (signed in at
// once, unverified) → the verification mail, delivered through an SMTP
// relay with STARTTLS and AUTH → the link confirms the address, once →
// sign out (the session is deleted server-side) → sign in → sign out.
func TestAccountSignUpVerifySignInSignOut(t *testing.T) {
	app, relay := startAccounts(t)
	email, pass := testutil.UniqueEmail("ann"), "plum blossom over the river"

	res := signUp(t, app, strings.ToUpper(email), pass, "Ann Lee")
	expectRedirect(t, res, "/verify")
	if who := whoami(t, app); who != "Ann Lee" {
		t.Fatalf("after sign-up the header shows %q", who)
	}
	u := mustUser(t, app, email)
	if u.EmailAddress() != email || u.Verified() || u.PasswordHash == pass || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Fatalf("stored account wrong: email=%q verified=%v hash=%.12q", u.EmailAddress(), u.Verified(), u.PasswordHash)
	}

	d := testutil.HTML(t, app.Get(t, "/verify").Body)
	status := testutil.ByTestID(d, "verify-status")
	if !strings.Contains(status.Text(), email) || testutil.ByTestID(d, "resend").Length() != 1 {
		t.Fatalf("the verification page does not name the address or offer a resend: %q", status.Text())
	}

	link, m := mailLink(t, relay, app, email, "/verify")
	if !m.TLS || m.AuthUser != smtpUser || m.From != "no-reply@example.com" {
		t.Fatalf("mail not sent over TLS with AUTH from SMTP_FROM: tls=%v auth=%q from=%q", m.TLS, m.AuthUser, m.From)
	}
	if m.Subject != "Confirm your e-mail address for BaZi Master" || !strings.Contains(m.Text, "Ann Lee") {
		t.Fatalf("verification mail: %q\n%s", m.Subject, m.Text)
	}
	// Outside production the link is also logged (but never in the request log line).
	testutil.Eventually(t, 5*time.Second, func() error {
		if !strings.Contains(app.Logs.String(), "mail sent (copy logged outside production)") {
			return testutil.Errorf("no log copy of the mail yet")
		}
		return nil
	})

	// The link works from any browser (here one that is not signed in) and only once.
	phone := app.NewSession()
	res = phone.Get(t, link)
	if res.StatusCode != http.StatusOK || testutil.ByTestID(testutil.HTML(t, res.Body), "verify-done").Length() != 1 {
		t.Fatalf("verification link: %d %.300s", res.StatusCode, res.Body)
	}
	if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("link page may be cached or leak its URL: %v", res.Header)
	}
	if !mustUser(t, app, email).Verified() {
		t.Fatal("the address is not marked verified")
	}
	res = phone.Get(t, link)
	if res.StatusCode != http.StatusGone || !strings.Contains(res.Body, "already been used") {
		t.Fatalf("second use of the verification link: %d", res.StatusCode)
	}
	for _, line := range app.Logs.Lines(t) {
		if p, _ := line["path"].(string); strings.Contains(p, "token") {
			t.Fatalf("request log carries the token: %v", line)
		}
	}
	d = testutil.HTML(t, app.Get(t, "/verify").Body)
	if !strings.Contains(testutil.ByTestID(d, "message-title").Text(), "confirmed") {
		t.Fatalf("signed-in verified user sees %q", testutil.ByTestID(d, "message-title").Text())
	}

	// Sign out: the session is deleted server-side, so replaying the old
	// cookie does not sign anyone in.
	old := app.Cookie("bm_session")
	if old == nil {
		t.Fatal("no session cookie")
	}
	expectRedirect(t, app.PostForm(t, "/logout", nil), "/")
	if who := whoami(t, app); who != "guest" {
		t.Fatalf("after sign-out the header shows %q", who)
	}
	replay := app.NewSession()
	appURL, _ := url.Parse(app.URL)
	replay.Client.Jar.SetCookies(appURL, []*http.Cookie{{Name: old.Name, Value: old.Value, Path: "/"}})
	if who := whoami(t, replay); who != "guest" {
		t.Fatal("a signed-out session cookie still signs in")
	}

	// Sign in again (address typed with different case and spaces), back to where the user was going.
	res = app.PostForm(t, "/login", url.Values{"email": {"  " + strings.ToUpper(email) + " "}, "password": {pass}, "next": {"/verify"}})
	expectRedirect(t, res, "/verify")
	if who := whoami(t, app); who != "Ann Lee" {
		t.Fatalf("after sign-in the header shows %q", who)
	}
	if u := mustUser(t, app, email); u.LastSignInAt == nil {
		t.Fatal("sign-in not recorded")
	}
	expectRedirect(t, app.PostForm(t, "/logout", nil), "/")
	if who := whoami(t, app); who != "guest" {
		t.Fatal("second sign-out did not sign out")
	}
}

// An unknown address, a wrong password, a disabled account and an account
// without a password get the very same answer.
func TestSignInFailuresLookTheSame(t *testing.T) {
	app, _ := startAccounts(t)
	ctx := t.Context()
	pass := "seven stars in the north"
	hash, err := password.Hash(pass)
	if err != nil {
		t.Fatal(err)
	}
	known, disabled, oauthOnly := testutil.UniqueEmail("known"), testutil.UniqueEmail("disabled"), testutil.UniqueEmail("google")
	now := time.Now()
	for _, u := range []*models.User{
		{Email: &known, PasswordHash: hash},
		{Email: &disabled, PasswordHash: hash, DisabledAt: &now},
		{Email: &oauthOnly},
	} {
		if err := app.Server.Users.Create(ctx, u); err != nil {
			t.Fatal(err)
		}
	}

	attempts := map[string]url.Values{
		"unknown e-mail":      {"email": {testutil.UniqueEmail("nobody")}, "password": {pass}},
		"wrong password":      {"email": {known}, "password": {pass + "!"}},
		"disabled account":    {"email": {disabled}, "password": {pass}},
		"no password (OAuth)": {"email": {oauthOnly}, "password": {pass}},
		"huge password":       {"email": {known}, "password": {strings.Repeat("x", 5000)}},
	}
	var first string
	for name, v := range attempts {
		res := app.PostForm(t, "/login", v)
		d := testutil.HTML(t, res.Body)
		msg := strings.TrimSpace(testutil.ByTestID(d, "error-form").Text())
		if res.StatusCode != http.StatusUnauthorized || msg != "The e-mail address or the password is wrong." {
			t.Fatalf("%s: %d %q", name, res.StatusCode, msg)
		}
		if got := testutil.ByTestID(d, "field-email").AttrOr("value", ""); got != v.Get("email") {
			t.Errorf("%s: e-mail not kept: %q", name, got)
		}
		if testutil.ByTestID(d, "field-password").AttrOr("value", "") != "" {
			t.Errorf("%s: password echoed back", name)
		}
		form := testutil.ByTestID(d, "login-form")
		form.Find(`input[name="email"]`).SetAttr("value", "")
		html, _ := form.Html()
		if first == "" {
			first = html
		} else if html != first {
			t.Errorf("%s: the form differs from another failure's:\n%s\n---\n%s", name, html, first)
		}
		if app.Cookie("bm_session") != nil {
			t.Fatalf("%s: a session was started", name)
		}
	}

	// Similar timing: an unknown address costs the same password work as a
	// wrong password (without it the answer would come ~50× sooner). The
	// fastest of a few tries is compared, which load barely disturbs.
	fastest := func(v url.Values) time.Duration {
		best := time.Hour
		for range 4 {
			start := time.Now()
			app.PostForm(t, "/login", v)
			best = min(best, time.Since(start))
		}
		return best
	}
	unknownTime := fastest(url.Values{"email": {testutil.UniqueEmail("nobody")}, "password": {pass}})
	wrongTime := fastest(url.Values{"email": {known}, "password": {pass + "?"}})
	if unknownTime*3 < wrongTime || wrongTime*3 < unknownTime {
		t.Errorf("unknown address answered in %v, wrong password in %v", unknownTime, wrongTime)
	}

	// The right password works, and htmx gets HX-Redirect.
	res := app.PostForm(t, "/login", url.Values{"email": {known}, "password": {pass}, "next": {"https://evil.example/"}}, "HX-Request", "true")
	if res.StatusCode != http.StatusOK || res.Header.Get("HX-Redirect") != "/" {
		t.Fatalf("htmx sign-in: %d HX-Redirect=%q (an off-site next must become /)", res.StatusCode, res.Header.Get("HX-Redirect"))
	}
	// htmx failures get the form alone, 200 so htmx swaps it.
	res = app.PostForm(t, "/login", url.Values{"email": {known}, "password": {"nope nope nope"}}, "HX-Request", "true")
	if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "<html") || !strings.Contains(res.Body, `data-testid="error-form"`) {
		t.Fatalf("htmx failure: %d %.200s", res.StatusCode, res.Body)
	}
}

// New passwords follow the policy, and the reasons read in every language.
func TestSignUpValidationInEveryLanguage(t *testing.T) {
	app, _ := startAccounts(t)
	catalog := i18n.MustLoad()
	cases := []struct {
		password, key string
		args          []any
	}{
		{"short", "auth.password.too_short", []any{password.MinLength}},
		{"password123", "auth.password.too_common", nil},
		{"Password123", "auth.password.too_common", nil},
		{strings.Repeat("z", 12), "auth.password.repetitive", nil},
		{strings.Repeat("long ", 30), "auth.password.too_long", []any{password.MaxLength}},
	}
	for _, lang := range i18n.Langs {
		for _, tc := range cases {
			email := testutil.UniqueEmail("policy")
			res := app.PostForm(t, "/signup", url.Values{"email": {email}, "password": {tc.password}, "name": {"名字"}}, "Accept-Language", string(lang))
			d := testutil.HTML(t, res.Body)
			want := catalog.T(lang, tc.key, tc.args...)
			got := strings.TrimSpace(testutil.ByTestID(d, "error-password").Text())
			if res.StatusCode != http.StatusUnprocessableEntity || got != want {
				t.Fatalf("%s %q: %d %q, want %q", lang, tc.password, res.StatusCode, got, want)
			}
			// Input kept (not the password), the field marked and linked to its message.
			if testutil.ByTestID(d, "field-email").AttrOr("value", "") != email || testutil.ByTestID(d, "field-name").AttrOr("value", "") != "名字" {
				t.Fatalf("%s: input not kept", lang)
			}
			pw := testutil.ByTestID(d, "field-password")
			if pw.AttrOr("value", "") != "" || pw.AttrOr("aria-invalid", "") != "true" || !strings.Contains(pw.AttrOr("aria-describedby", ""), "err-password") {
				t.Fatalf("%s: password field attributes wrong", lang)
			}
			if _, err := app.Server.Users.ByEmail(t.Context(), email); err == nil {
				t.Fatalf("%s: an account was created with a refused password", lang)
			}
		}
	}

	// Addresses and names.
	for _, bad := range []string{"", "not-an-address", "Ann <ann@example.com>", "ann@example", "ann@@example.com", "ann @example.com", "änn@example.com", strings.Repeat("a", 250) + "@example.com"} {
		res := app.PostForm(t, "/signup", url.Values{"email": {bad}, "password": {"a fine long passphrase"}})
		if res.StatusCode != http.StatusUnprocessableEntity || testutil.ByTestID(testutil.HTML(t, res.Body), "error-email").Length() != 1 {
			t.Errorf("address %q: %d", bad, res.StatusCode)
		}
	}
	res := app.PostForm(t, "/signup", url.Values{"email": {testutil.UniqueEmail("name")}, "password": {"a fine long passphrase"}, "name": {strings.Repeat("名", 81)}})
	if res.StatusCode != http.StatusUnprocessableEntity || testutil.ByTestID(testutil.HTML(t, res.Body), "error-name").Length() != 1 {
		t.Errorf("long name: %d", res.StatusCode)
	}

	// Every page of the flow renders in every language without raw keys.
	for _, lang := range i18n.Langs {
		for _, path := range []string{"/signup", "/login", "/reset", "/verify"} {
			res := app.Get(t, path+"?lang="+string(lang))
			if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "auth.") {
				t.Fatalf("%s %s: %d or an untranslated key", lang, path, res.StatusCode)
			}
			d := testutil.HTML(t, res.Body)
			if d.Find("form[method=post]").Length() > 0 {
				d.Find("form[method=post]").Each(func(_ int, f *goquery.Selection) {
					if f.Find(`input[name="_csrf"]`).AttrOr("value", "") == "" {
						t.Fatalf("%s %s: a form without its CSRF field", lang, path)
					}
				})
			}
			d.Find("input:not([type=hidden])").Each(func(_ int, in *goquery.Selection) {
				if id := in.AttrOr("id", ""); id == "" || d.Find(`label[for="`+id+`"]`).Length() != 1 {
					t.Fatalf("%s %s: input %s has no label", lang, path, in.AttrOr("name", ""))
				}
			})
		}
	}
}

// Signing up with an address that already has an account answers like a
// new sign-up (without signing in) and tells the owner by mail.
func TestSignUpWithTakenAddress(t *testing.T) {
	app, relay := startAccounts(t)
	email, pass := testutil.UniqueEmail("taken"), "first owner's passphrase"
	expectRedirect(t, signUp(t, app, email, pass, ""), "/verify")
	relay.WaitForMessage(t, email, mailWait) // the owner's verification mail

	other := app.NewSession()
	res := signUp(t, other, email, "someone else's passphrase", "Mallory")
	expectRedirect(t, res, "/verify")
	if who := whoami(t, other); who != "guest" {
		t.Fatalf("a sign-up with a taken address signed in as %q", who)
	}
	m := relay.WaitForMessage(t, email, mailWait)
	if m.Subject != "Someone tried to sign up with your address" || !strings.Contains(m.Text, app.URL+"/reset") {
		t.Fatalf("owner not told: %q\n%s", m.Subject, m.Text)
	}
	// The account is unchanged: the owner's password still works, the other does not.
	expectRedirect(t, signIn(t, app.NewSession(), email, pass), "/")
	if res := signIn(t, app.NewSession(), email, "someone else's passphrase"); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("the second sign-up's password works: %d", res.StatusCode)
	}
}

// A new session id on every sign-in: a cookie planted before sign-in (here a
// real, signed session of the attacker's own browser) is replaced and dead.
func TestSessionIDChangesOnSignIn(t *testing.T) {
	app, _ := startAccounts(t)
	email, pass := testutil.UniqueEmail("fixation"), "a kite over the old wall"
	expectRedirect(t, signUp(t, app, email, pass, ""), "/verify")
	planted := app.Cookie("bm_session")
	expectRedirect(t, app.PostForm(t, "/logout", nil), "/")

	victim := app.NewSession()
	appURL, _ := url.Parse(app.URL)
	victim.Client.Jar.SetCookies(appURL, []*http.Cookie{{Name: planted.Name, Value: planted.Value, Path: "/"}})
	res := signIn(t, victim, email, pass)
	expectRedirect(t, res, "/")
	var set *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "bm_session" {
			set = c
		}
	}
	if set == nil || set.Value == planted.Value {
		t.Fatalf("session id not renewed on sign-in: %+v", set)
	}
	if !set.HttpOnly || set.SameSite != http.SameSiteLaxMode || set.Path != "/" || set.Secure {
		t.Fatalf("cookie flags (HttpOnly, SameSite=Lax, Path=/, not Secure over plain HTTP in test mode): %+v", set)
	}
	if set.MaxAge <= 0 {
		t.Fatalf("cookie has no lifetime: %+v", set)
	}
	attacker := app.NewSession()
	attacker.Client.Jar.SetCookies(appURL, []*http.Cookie{{Name: planted.Name, Value: planted.Value, Path: "/"}})
	if who := whoami(t, attacker); who != "guest" {
		t.Fatalf("the planted session id is signed in as %q", who)
	}
}

// "Sign out of all devices" ends every session of the account, this one too.
func TestSignOutEverywhere(t *testing.T) {
	app, _ := startAccounts(t)
	email, pass := testutil.UniqueEmail("everywhere"), "tea leaves in spring rain"
	expectRedirect(t, signUp(t, app, email, pass, "Wu"), "/verify")
	phone := app.NewSession()
	expectRedirect(t, signIn(t, phone, email, pass), "/")
	if whoami(t, phone) != "Wu" || whoami(t, app) != "Wu" {
		t.Fatal("not signed in on both")
	}
	// The button is on the account status page; every form there carries the CSRF field.
	d := testutil.HTML(t, app.Get(t, "/verify").Body)
	if testutil.ByTestID(d, "logout-all").Closest("form").AttrOr("action", "") != "/logout/all" {
		t.Fatal("no sign-out-everywhere button")
	}
	d.Find("form[method=post]").Each(func(_ int, f *goquery.Selection) {
		if f.Find(`input[name="_csrf"]`).AttrOr("value", "") == "" {
			t.Fatalf("form %s has no CSRF field", f.AttrOr("action", ""))
		}
	})
	expectRedirect(t, app.PostForm(t, "/logout/all", nil), "/")
	if who := whoami(t, app); who != "guest" {
		t.Fatalf("this browser still signed in as %q", who)
	}
	if who := whoami(t, phone); who != "guest" {
		t.Fatalf("the other device still signed in as %q", who)
	}
	// Guests cannot call it.
	if res := app.PostForm(t, "/logout/all", nil); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("guest sign-out-everywhere: %d", res.StatusCode)
	}
}

// Forged posts are refused before any account logic runs.
func TestForgedSignInRefused(t *testing.T) {
	app, _ := startAccounts(t)
	email, pass := testutil.UniqueEmail("csrf"), "a lantern by the gate"
	expectRedirect(t, signUp(t, app, email, pass, ""), "/verify")
	expectRedirect(t, app.PostForm(t, "/logout", nil), "/")

	for name, tc := range map[string]struct {
		v       url.Values
		headers []string
	}{
		"no token":          {url.Values{"_csrf": {"-"}}, nil},
		"wrong token":       {url.Values{"_csrf": {strings.Repeat("A", 43)}}, nil},
		"other site origin": {url.Values{}, []string{"Origin", "https://evil.example"}},
		"cross-site fetch":  {url.Values{}, []string{"Sec-Fetch-Site", "cross-site"}},
	} {
		v := cloneValues(tc.v)
		v.Set("email", email)
		v.Set("password", pass)
		res := app.PostForm(t, "/login", v, tc.headers...)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d", name, res.StatusCode)
		}
		if app.Cookie("bm_session") != nil {
			t.Fatalf("%s: signed in by a forged post", name)
		}
	}
	// Sign-out and sign-up are guarded too.
	for _, path := range []string{"/logout", "/signup", "/reset"} {
		if res := app.PostForm(t, path, url.Values{"_csrf": {"-"}, "email": {email}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s without a token: %d", path, res.StatusCode)
		}
	}
}

// The header: sign-in and sign-up links for guests; the user's name (to the
// profile), a sign-out form and, for a verified admin, the admin link.
func TestAccountNavigation(t *testing.T) {
	admin := testutil.UniqueEmail("boss")
	app, relay := startAccounts(t, testutil.WithEnv("ADMIN_EMAILS", admin))
	d := testutil.HTML(t, app.Get(t, "/").Body)
	if testutil.ByTestID(d, "nav-login").AttrOr("href", "") != "/login" || testutil.ByTestID(d, "nav-signup").AttrOr("href", "") != "/signup" {
		t.Fatal("guest header lacks sign-in/sign-up links")
	}
	// Signed-in users are sent on from the sign-in and sign-up pages.
	expectRedirect(t, signUp(t, app, admin, "the emperor's new passphrase", ""), "/verify")
	d = testutil.HTML(t, app.Get(t, "/").Body)
	if testutil.ByTestID(d, "nav-user").AttrOr("href", "") != "/profile" || strings.TrimSpace(testutil.ByTestID(d, "nav-user").Text()) != admin {
		t.Fatal("the header does not link the user's name (their e-mail when no display name) to the profile")
	}
	out := testutil.ByTestID(d, "nav-logout").Closest("form")
	if out.AttrOr("action", "") != "/logout" || out.AttrOr("method", "") != "post" || out.Find(`input[name="_csrf"]`).AttrOr("value", "") == "" {
		t.Fatal("sign-out is not a POST form with the CSRF field")
	}
	if testutil.ByTestID(d, "nav-admin").Length() != 0 {
		t.Fatal("an unverified sign-up with an admin address is shown the admin link")
	}
	link, _ := mailLink(t, relay, app, admin, "/verify")
	app.Get(t, link)
	if testutil.ByTestID(testutil.HTML(t, app.Get(t, "/").Body), "nav-admin").AttrOr("href", "") != "/admin" {
		t.Fatal("a verified admin has no admin link")
	}
	for _, path := range []string{"/login", "/signup"} {
		if res := app.Get(t, path); res.StatusCode != http.StatusSeeOther {
			t.Errorf("signed-in GET %s: %d", path, res.StatusCode)
		}
	}
	if res := app.Get(t, "/login?next=/chart/new"); res.Header.Get("Location") != "/chart/new" {
		t.Errorf("signed-in GET /login?next= goes to %q", res.Header.Get("Location"))
	}
}
