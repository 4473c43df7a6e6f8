package session

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/kv"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// app exposes the manager through three routes, as the sign-in pages will.
func app(t *testing.T, store kv.Store, secure bool) (*fiber.App, *Manager, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	m := New(store, Config{Secret: strings.Repeat("s", 32), Secure: secure, IdleTimeout: time.Hour, MaxAge: 24 * time.Hour})
	m.now = clk.now
	a := fiber.New()
	a.Post("/start/:uid", func(c *fiber.Ctx) error {
		uid, _ := strconv.ParseInt(c.Params("uid"), 10, 64)
		_, err := m.Start(c, uid, 3)
		return err
	})
	a.Get("/who", func(c *fiber.Ctx) error {
		s, err := m.Get(c)
		if err != nil {
			return err
		}
		if s == nil {
			return c.SendString("guest")
		}
		return c.SendString(strconv.FormatInt(s.UserID, 10) + "/" + strconv.FormatInt(s.Epoch, 10))
	})
	a.Post("/end", func(c *fiber.Ctx) error { return m.End(c) })
	return a, m, clk
}

func do(t *testing.T, a *fiber.App, method, path, cookie string) (string, *http.Response) {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	res, err := a.Test(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	return string(b), res
}

func sessionCookie(t *testing.T, res *http.Response, name string) *http.Cookie {
	t.Helper()
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s cookie set", name)
	return nil
}

func TestSessionLifecycle(t *testing.T) {
	store := kv.NewMemory()
	a, m, clk := app(t, store, false)
	_, res := do(t, a, "POST", "/start/42", "")
	c := sessionCookie(t, res, "bm_session")
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure {
		t.Fatalf("cookie flags: %+v", c)
	}
	cookie := c.Name + "=" + c.Value
	if who, _ := do(t, a, "GET", "/who", cookie); who != "42/3" {
		t.Fatalf("signed in as %q", who)
	}

	// A forged or altered cookie is a guest, without touching the store.
	id, _, _ := strings.Cut(c.Value, ".")
	flipped := "x" + c.Value[1:]
	if c.Value[0] == 'x' { // the id may itself start with x (1 in 64)
		flipped = "y" + c.Value[1:]
	}
	for _, bad := range []string{flipped, id + ".AAAA", id, "garbage", ""} {
		if who, _ := do(t, a, "GET", "/who", "bm_session="+bad); who != "guest" {
			t.Fatalf("forged cookie %q accepted", bad)
		}
	}

	// Signing in again issues a new id and ends the old session.
	_, res = do(t, a, "POST", "/start/42", cookie)
	c2 := sessionCookie(t, res, "bm_session")
	if c2.Value == c.Value {
		t.Fatal("session id not rotated on sign-in")
	}
	if who, _ := do(t, a, "GET", "/who", cookie); who != "guest" {
		t.Fatal("the pre-sign-in session still works")
	}
	cookie = "bm_session=" + c2.Value

	// Sign-out deletes it server-side: replaying the cookie does not work.
	do(t, a, "POST", "/end", cookie)
	if who, _ := do(t, a, "GET", "/who", cookie); who != "guest" {
		t.Fatal("session survives sign-out")
	}

	// Idle timeout: unused for more than an hour ends it; use keeps it alive.
	_, res = do(t, a, "POST", "/start/7", "")
	cookie = "bm_session=" + sessionCookie(t, res, "bm_session").Value
	for i := 0; i < 5; i++ {
		clk.t = clk.t.Add(50 * time.Minute)
		if who, _ := do(t, a, "GET", "/who", cookie); who != "7/3" {
			t.Fatalf("active session ended after %d × 50 min", i+1)
		}
	}
	clk.t = clk.t.Add(61 * time.Minute)
	if who, _ := do(t, a, "GET", "/who", cookie); who != "guest" {
		t.Fatal("idle session did not end")
	}

	// Absolute lifetime: ends after a day however busy.
	_, res = do(t, a, "POST", "/start/8", "")
	cookie = "bm_session=" + sessionCookie(t, res, "bm_session").Value
	for elapsed := time.Duration(0); elapsed < 24*time.Hour; elapsed += 50 * time.Minute {
		clk.t = clk.t.Add(50 * time.Minute)
		do(t, a, "GET", "/who", cookie)
	}
	if who, _ := do(t, a, "GET", "/who", cookie); who != "guest" {
		t.Fatal("session outlived its maximum age")
	}
	_ = m
}

func TestSecureCookieInProduction(t *testing.T) {
	a, _, _ := app(t, kv.NewMemory(), true)
	_, res := do(t, a, "POST", "/start/1", "")
	c := sessionCookie(t, res, "__Host-bm_session")
	if !c.Secure || !c.HttpOnly || c.Path != "/" {
		t.Fatalf("production cookie: %+v", c)
	}
}
