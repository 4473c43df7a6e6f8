package testutil_test

import (
	"errors"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// The test-only routes and the session helpers: a new session is a guest,
// SignIn and NewSessionAs sign one browser in and no other, SignInURL sends
// a browser on to a local path only, and PostForm adds the CSRF token
// unless told not to.
func TestSessions(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithSQLite(), testutil.WithoutRedis())
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("lib"), Password: "library passphrase", Name: "Lib", Verified: true})
	if u.ID == 0 || u.PasswordHash == "" || !u.Verified() || u.DisplayName != "Lib" {
		t.Fatalf("created %+v", u)
	}
	if app.WhoAmI(t) != 0 {
		t.Fatal("a new app's client is signed in")
	}
	b := app.NewSessionAs(t, u.ID)
	if b.WhoAmI(t) != u.ID || app.WhoAmI(t) != 0 || app.NewSession().WhoAmI(t) != 0 {
		t.Fatal("a session signed in the wrong browser")
	}

	for next, want := range map[string]string{"/profile?lang=en": "/profile?lang=en", "//evil.example/": "/"} {
		res := app.NewSession().Get(t, strings.TrimPrefix(app.SignInURL(u.ID, next), app.URL))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("sign in with next=%s: %d to %q, want %s", next, res.StatusCode, res.Header.Get("Location"), want)
		}
	}

	if res := b.PostForm(t, "/logout", url.Values{"_csrf": {"-"}}); res.StatusCode != http.StatusForbidden || b.WhoAmI(t) != u.ID {
		t.Fatalf("sign-out without a CSRF token: %d", res.StatusCode)
	}
	if res := b.PostForm(t, "/logout", nil); res.StatusCode != http.StatusSeeOther || b.WhoAmI(t) != 0 {
		t.Fatalf("sign-out with the token: %d", res.StatusCode)
	}
	if b.Cookie("bm_csrf") == nil || b.CSRF(t) != b.Cookie("bm_csrf").Value {
		t.Error("the CSRF token is not the cookie's")
	}

	// Routes of a test's own sit beside the sign-in routes.
	probe := testutil.StartApp(t, testutil.WithSQLite(), testutil.WithoutRedis(), testutil.WithRoutes(func(r fiber.Router) {
		r.Get("/test/probe", func(c *fiber.Ctx) error { return c.SendString("probe") })
	}))
	if res := probe.Get(t, "/test/probe"); res.Body != "probe" || probe.WhoAmI(t) != 0 {
		t.Fatalf("probe route: %d %q", res.StatusCode, res.Body)
	}
}

func TestHoldsUntil(t *testing.T) {
	n, ends := 0, 0
	testutil.HoldsUntil(t, time.Second, func() error { n++; return nil }, func() bool { ends++; return ends > 2 })
	if n != 5 {
		t.Errorf("checked %d times, want 5 (2 before the end, 3 after)", n)
	}
	for name, tc := range map[string]struct {
		check func() error
		end   func() bool
	}{
		"a failed check": {func() error { return errors.New("changed") }, func() bool { return true }},
		"no end":         {func() error { return nil }, func() bool { return false }},
	} {
		if !testutil.Fails(t, func(tb testing.TB) { testutil.HoldsUntil(tb, 50*time.Millisecond, tc.check, tc.end) }) {
			t.Errorf("%s: HoldsUntil did not fail", name)
		}
	}
}

// The test-only routes exist only where this package is linked in: the
// app's binary must not import it.
func TestNotInTheBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs the go command")
	}
	cmd := exec.Command("go", "list", "-deps", "./cmd/bazi-master")
	cmd.Dir = testutil.ModuleRoot()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	server := false
	for _, pkg := range strings.Fields(string(out)) {
		if strings.Contains(pkg, "/internal/testutil") {
			t.Fatalf("the binary imports %s", pkg)
		}
		server = server || strings.HasSuffix(pkg, "/internal/server")
	}
	if !server {
		t.Fatalf("go list did not list the binary's packages:\n%s", out)
	}
}
