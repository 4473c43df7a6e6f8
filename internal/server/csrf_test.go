package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

var birth = url.Values{"date": {"1988-02-15"}, "time": {"23:30"}, "tz": {"Asia/Shanghai"}, "gender": {"male"}}

func postChart(t *testing.T, app *testutil.App, v url.Values, headers ...string) *testutil.Response {
	t.Helper()
	return app.Post(t, "/chart", testutil.FormContentType, v.Encode(), headers...) // the form as given: no token added
}

func with(v url.Values, k, val string) url.Values {
	out := url.Values{}
	for key, vs := range v {
		out[key] = vs
	}
	out.Set(k, val)
	return out
}

// A forged POST (another site's form, a replayed request without the
// page's token) is refused and changes nothing; the real form goes through.
func TestCSRFRefusesForgedPosts(t *testing.T) {
	app := testutil.StartApp(t)

	// No cookie, no token: what a cross-site form post looks like.
	fresh := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodPost, app.URL+"/chart", strings.NewReader(birth.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "zh-CN")
	res, err := fresh.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden || res.Header.Get("Location") != "" {
		t.Fatalf("forged post: %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}

	token := app.CSRFToken(t)
	wrong := "x" + token[1:]
	if token[0] == 'x' { // a token may itself start with x (1 in 64)
		wrong = "y" + token[1:]
	}
	if res := postChart(t, app, with(birth, "_csrf", wrong)); res.StatusCode != http.StatusForbidden {
		t.Fatalf("wrong token: %d", res.StatusCode)
	}
	if res := postChart(t, app, with(birth, "_csrf", token), "Origin", "https://evil.example"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("other origin: %d", res.StatusCode)
	}
	if res := postChart(t, app, with(birth, "_csrf", token), "Sec-Fetch-Site", "cross-site"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site fetch: %d", res.StatusCode)
	}
	res2 := postChart(t, app, with(birth, "_csrf", "nope"), "Accept-Language", "zh-CN")
	if !strings.Contains(res2.Body, "表单已失效") {
		t.Fatalf("refusal page not translated: %.200s", res2.Body)
	}

	// The page's own form and htmx requests pass.
	if res := postChart(t, app, with(birth, "_csrf", token)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("form with token: %d", res.StatusCode)
	}
	if res := postChart(t, app, birth, "X-CSRF-Token", token, "HX-Request", "true", "Origin", app.URL); res.StatusCode != 200 || res.Header.Get("HX-Redirect") == "" {
		t.Fatalf("htmx with header: %d", res.StatusCode)
	}

	// The JSON API keeps no state and uses no cookies: no token needed.
	req, _ = http.NewRequest(http.MethodPost, app.URL+"/api/v1/chart", strings.NewReader(`{"date":"1988-02-15","tz":"UTC","gender":"male"}`))
	if res, err := fresh.Do(req); err != nil || res.StatusCode != 200 {
		t.Fatalf("JSON API: %v %v", res.StatusCode, err)
	}
}

func TestCSRFCookieFlags(t *testing.T) {
	app := testutil.StartApp(t)
	res := app.Get(t, "/")
	c := findCookie(res.Cookies(), "bm_csrf")
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure {
		t.Fatalf("development cookie: %+v", c)
	}
	prod := testutil.StartApp(t, testutil.WithEnv(
		"APP_ENV", "production", "SESSION_TOKEN_SECRET", strings.Repeat("k", 40),
		"FRONTEND_URL", "http://localhost:3000", "BACKEND_BASE_URL", "http://localhost:3000", "ALLOW_LOCALHOST_PROD", "true",
		"TRUST_PROXY", "0", "ADMIN_EMAILS", "a@example.com"))
	res = prod.Get(t, "/")
	c = findCookie(res.Cookies(), "__Host-bm_csrf")
	if c == nil || !c.HttpOnly || !c.Secure || c.Path != "/" || c.Domain != "" {
		t.Fatalf("production cookie: %+v", c)
	}
	if res.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS in production")
	}
}

func findCookie(cs []*http.Cookie, name string) *http.Cookie {
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	return nil
}
