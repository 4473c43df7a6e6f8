package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

const signInPass = "the-right-password-9"

// signInApps runs f on the app with Redis and on the app without it (the
// in-memory limiter), both believing one proxy hop so that X-Forwarded-For
// names the client address.
func signInApps(t *testing.T, f func(t *testing.T, app *testutil.App), opts ...testutil.AppOption) {
	opts = append(opts, testutil.WithEnv("TRUST_PROXY", "1"))
	t.Run("redis", func(t *testing.T) { f(t, testutil.StartApp(t, opts...)) })
	t.Run("memory", func(t *testing.T) { f(t, testutil.StartApp(t, append(opts, testutil.WithoutRedis())...)) })
}

// passwordUser stores an account with signInPass and returns its address.
func passwordUser(t *testing.T, app *testutil.App) string {
	t.Helper()
	email := testutil.UniqueEmail("owner")
	app.CreateUser(t, testutil.User{Email: email, Password: signInPass})
	return email
}

// signIn posts the sign-in form from address ip as a fresh browser and
// returns the status and Retry-After.
func signIn(t *testing.T, app *testutil.App, ip, email, plain string) (int, string) {
	t.Helper()
	b := app.NewSession()
	t.Cleanup(b.Client.CloseIdleConnections)
	v := url.Values{"email": {email}}
	if plain != "" {
		v.Set("password", plain)
	}
	res := b.PostForm(t, "/login", v, "X-Forwarded-For", ip)
	return res.StatusCode, res.Header.Get("Retry-After")
}

// Successful sign-ins are not failures: seven in a row all get in.
func TestSignInSuccessesAreNotCounted(t *testing.T) {
	signInApps(t, func(t *testing.T, app *testutil.App) {
		email := passwordUser(t, app)
		for i := range 7 {
			if status, _ := signIn(t, app, "198.51.100.7", email, signInPass); status != http.StatusSeeOther {
				t.Fatalf("sign-in %d with the right password: %d, want 303", i+1, status)
			}
		}
	})
}

// Five wrong passwords from one address stop that address (even with the
// right password), and only for that account; the owner signing in from
// elsewhere is not locked out.
func TestSignInFailuresStopOneAddressOnly(t *testing.T) {
	signInApps(t, func(t *testing.T, app *testutil.App) {
		email := passwordUser(t, app)
		const stranger, owner = "203.0.113.66", "198.51.100.7"
		for i := range 5 {
			if status, _ := signIn(t, app, stranger, email, "wrong-password-"+string(rune('a'+i))); status != http.StatusUnauthorized {
				t.Fatalf("wrong password %d: %d, want 401", i+1, status)
			}
		}
		status, retry := signIn(t, app, stranger, email, signInPass)
		if status != http.StatusTooManyRequests || retry == "" {
			t.Fatalf("sixth try from the guessing address: %d (Retry-After %q), want 429", status, retry)
		}
		if status, _ := signIn(t, app, owner, email, signInPass); status != http.StatusSeeOther {
			t.Fatalf("the owner from another address: %d, want 303", status)
		}
		// The guessing address can still sign in to another account.
		other := passwordUser(t, app)
		if status, _ := signIn(t, app, stranger, other, signInPass); status != http.StatusSeeOther {
			t.Fatalf("another account from the guessing address: %d, want 303", status)
		}
	})
}

// A successful sign-in clears its address's failures, and a form without
// a password (no password checked) is not a failure. Ten requests in all:
// the per-address request limit.
func TestSignInSuccessResetsFailures(t *testing.T) {
	signInApps(t, func(t *testing.T, app *testutil.App) {
		email := passwordUser(t, app)
		const ip = "198.51.100.8"
		wrong := func(n int) {
			t.Helper()
			for i := range n {
				if status, _ := signIn(t, app, ip, email, "wrong-password"); status != http.StatusUnauthorized {
					t.Fatalf("wrong password %d: %d, want 401", i+1, status)
				}
			}
		}
		wrong(4)
		if status, _ := signIn(t, app, ip, email, ""); status != http.StatusUnprocessableEntity {
			t.Fatalf("no password: %d, want 422", status)
		}
		if status, _ := signIn(t, app, ip, email, signInPass); status != http.StatusSeeOther {
			t.Fatalf("right password after 4 failures and a form without password: %d, want 303", status)
		}
		wrong(4) // a fresh count: without the reset the second would be the sixth failure
		if strings.Contains(app.Logs.String(), `"status":429`) {
			t.Fatal("a request was refused")
		}
	})
}

// Past the per-account ceiling (wrong passwords from any number of
// addresses) nobody is locked out: every attempt on the account, the
// owner's included, waits the slowdown, and the log says so once.
func TestSignInCeilingSlowsDownWithoutLocking(t *testing.T) {
	const slowdown = 2 * time.Second
	limits := server.DefaultLimits()
	limits.SignInFailuresPerAccount = server.Rate{Limit: 3, Window: time.Hour}
	limits.SignInSlowdown = slowdown
	signInApps(t, func(t *testing.T, app *testutil.App) {
		email := passwordUser(t, app)
		timed := func(ip, plain string) (int, time.Duration) {
			t.Helper()
			start := time.Now()
			status, _ := signIn(t, app, ip, email, plain)
			return status, time.Since(start)
		}
		if status, took := timed("198.51.100.20", signInPass); status != http.StatusSeeOther || took >= slowdown {
			t.Fatalf("below the ceiling: %d in %s, want 303 without the slowdown", status, took)
		}
		for i, ip := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3"} {
			if status, _ := timed(ip, "wrong-password"); status != http.StatusUnauthorized {
				t.Fatalf("wrong password %d: %d", i+1, status)
			}
		}
		for _, try := range []struct {
			ip, plain string
			want      int
		}{
			{"203.0.113.4", "wrong-password", http.StatusUnauthorized},
			{"198.51.100.20", signInPass, http.StatusSeeOther},
		} {
			if status, took := timed(try.ip, try.plain); status != try.want || took < slowdown {
				t.Fatalf("past the ceiling from %s: %d in %s, want %d after at least %s", try.ip, status, took, try.want, slowdown)
			}
		}
		if n := strings.Count(app.Logs.String(), "wrong passwords for one account reached the ceiling"); n != 1 {
			t.Fatalf("the ceiling is logged %d times, want once", n)
		}
		if strings.Contains(app.Logs.String(), email) {
			t.Fatal("the log names the e-mail address")
		}
	}, testutil.WithServerOptions(server.WithLimits(limits)))
}
