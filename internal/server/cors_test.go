package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

func corsRequest(t *testing.T, app *testutil.App, method, path, origin string, headers ...string) *testutil.Response {
	t.Helper()
	var body *strings.Reader
	if method == http.MethodPost {
		body = strings.NewReader(chartBody)
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, app.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return app.Do(t, req)
}

func preflight(t *testing.T, app *testutil.App, path, origin string) *testutil.Response {
	t.Helper()
	return corsRequest(t, app, http.MethodOptions, path, origin,
		"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
}

func hasVary(h http.Header, name string) bool {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), name) {
				return true
			}
		}
	}
	return false
}

// The JSON API answers browsers on FRONTEND_URL, BACKEND_BASE_URL and
// CORS_ALLOWED_ORIGINS, never with credentials; other origins get no
// Access-Control-Allow-Origin, and pages never send CORS headers.
func TestCORSForTheJSONAPI(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithEnv(
		"FRONTEND_URL", "https://App.Example.com/",
		"BACKEND_BASE_URL", "https://api.example.com:443",
		"CORS_ALLOWED_ORIGINS", "https://partner.example.org, http://localhost:5173, not a url",
	))
	t.Cleanup(app.Client.CloseIdleConnections)

	allowed := []string{"https://app.example.com", "https://api.example.com", "https://partner.example.org", "http://localhost:5173"}
	for _, origin := range allowed {
		res := corsRequest(t, app, http.MethodPost, "/api/v1/chart", origin)
		if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != origin {
			t.Fatalf("POST from %s: %d ACAO %q", origin, res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
		}
		if res.Header.Get("Access-Control-Allow-Credentials") != "" {
			t.Fatalf("credentials allowed for %s", origin)
		}
		if !hasVary(res.Header, "Origin") {
			t.Fatalf("no Vary: Origin for %s: %v", origin, res.Header.Values("Vary"))
		}
		if exp := res.Header.Get("Access-Control-Expose-Headers"); !strings.Contains(exp, "Retry-After") || !strings.Contains(exp, "RateLimit-Remaining") {
			t.Fatalf("rate-limit headers not exposed: %q", exp)
		}
	}
	if res := corsRequest(t, app, http.MethodGet, "/api/v1/places?q=London&limit=1", "https://partner.example.org"); res.Header.Get("Access-Control-Allow-Origin") != "https://partner.example.org" {
		t.Fatalf("GET places: %v", res.Header)
	}

	// Preflight for an allowed origin: 204 with the methods and header.
	res := preflight(t, app, "/api/v1/chart", "https://app.example.com")
	if res.StatusCode != http.StatusNoContent || res.Header.Get("Access-Control-Allow-Origin") != "https://app.example.com" {
		t.Fatalf("preflight: %d %v", res.StatusCode, res.Header)
	}
	methods := res.Header.Get("Access-Control-Allow-Methods")
	for _, m := range []string{"GET", "POST", "OPTIONS"} {
		if !strings.Contains(methods, m) {
			t.Fatalf("Allow-Methods %q lacks %s", methods, m)
		}
	}
	for _, m := range []string{"PUT", "DELETE", "PATCH"} {
		if strings.Contains(methods, m) {
			t.Fatalf("Allow-Methods %q allows %s", methods, m)
		}
	}
	if !strings.EqualFold(res.Header.Get("Access-Control-Allow-Headers"), "Content-Type") || res.Header.Get("Access-Control-Allow-Credentials") != "" {
		t.Fatalf("preflight headers: %v", res.Header)
	}
	if res.Header.Get("Access-Control-Max-Age") == "" {
		t.Fatal("preflight answers are not cacheable")
	}

	// Origins not on the list: answered (the server cannot stop a
	// non-browser), but without the header a browser needs to read it.
	for _, origin := range []string{"https://evil.example", "http://app.example.com", "https://app.example.com.evil.example", "https://api.example.com:8443", "null"} {
		res := corsRequest(t, app, http.MethodPost, "/api/v1/chart", origin)
		if res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("POST from %s allowed: %v", origin, res.Header)
		}
		if res := preflight(t, app, "/api/v1/chart", origin); res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("preflight from %s allowed: %v", origin, res.Header)
		}
	}

	// Pages, health and metrics never carry CORS headers, even for an allowed origin.
	for _, path := range []string{"/", "/chart/new", "/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male", "/login", "/health", "/api/health", "/ready", "/places/suggest?q=Lon"} {
		for _, res := range []*testutil.Response{
			corsRequest(t, app, http.MethodGet, path, "https://app.example.com"),
			preflight(t, app, path, "https://app.example.com"),
		} {
			for k := range res.Header {
				if strings.HasPrefix(strings.ToLower(k), "access-control-") {
					t.Fatalf("%s %s sends %s", res.Request.Method, path, k)
				}
			}
		}
	}
}

// With no origin configured (development defaults) nothing is allowed:
// an empty list must not fall back to "*".
func TestCORSWithNothingConfigured(t *testing.T) {
	app := testutil.StartApp(t, testutil.WithSQLite(), testutil.WithoutRedis())
	t.Cleanup(app.Client.CloseIdleConnections)
	for _, res := range []*testutil.Response{
		corsRequest(t, app, http.MethodPost, "/api/v1/chart", "https://anywhere.example"),
		preflight(t, app, "/api/v1/chart", "https://anywhere.example"),
	} {
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Fatalf("%s allowed %q with no origins configured", res.Request.Method, got)
		}
	}
}
