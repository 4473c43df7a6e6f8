package config

import (
	"strings"
	"testing"
)

func productionWith(urls map[string]string) Config {
	e := map[string]string{
		"APP_ENV": "production", "DATABASE_URL": "postgres://app@db/bazi",
		"SESSION_TOKEN_SECRET": strings.Repeat("s", 32),
		"FRONTEND_URL":         "https://bazi.example.com", "BACKEND_BASE_URL": "https://bazi.example.com",
	}
	for k, v := range urls {
		e[k] = v
	}
	c, _ := Load(env(e))
	return c
}

// Every spelling of this machine that the network stack (inet_aton's
// decimal, octal and hex parts, one to four of them; a trailing dot; IPv6
// and IPv4-mapped forms; the unspecified address; *.localhost) accepts is
// refused as a production URL, and public hosts that merely look alike are not.
func TestProductionRefusesLoopbackInAnySpelling(t *testing.T) {
	local := []string{
		"http://localhost", "http://localhost:3000", "http://LOCALHOST", "http://localhost.", "http://localhost..",
		"http://app.localhost", "http://app.localhost.:8080", "https://a.b.LocalHost",
		"http://127.0.0.1", "http://127.0.0.1.", "http://127.1", "http://127.0.1", "http://127.255.255.254",
		"http://127.000.000.001", "http://0177.0.0.1", "http://0x7f.0.0.1", "http://0X7F.1", "http://0x7f000001",
		"http://017700000001", "http://2130706433", "http://2130706432", "http://2147483647",
		"http://0", "http://0.0.0.0", "http://0.0.0.0.", "http://0x0", "http://0x", "http://00", "http://0.0",
		"http://[::1]", "http://[::1]:3000", "http://[0:0:0:0:0:0:0:1]", "http://[::]",
		"http://[::ffff:127.0.0.1]", "http://[::ffff:7f00:1]", "http://[::ffff:0.0.0.0]", "http://[::127.0.0.1]",
		"http://[::1%25lo]",
	}
	for _, u := range local {
		c := productionWith(map[string]string{"FRONTEND_URL": u})
		problems, _ := c.Check()
		want := "FRONTEND_URL points at localhost; set the public URL (or ALLOW_LOCALHOST_PROD=true for a local production test)"
		if !contains(problems, want) {
			t.Errorf("%s: not refused as localhost: %q", u, problems)
		}
	}
	public := []string{
		"https://bazi.example.com", "https://localhost.example.com", "https://127.example.com", "https://0x7f.example.com",
		"https://1.2.3.4", "https://128.0.0.1", "https://2130706431", "https://4294967296", "https://127.0.0.1.5",
		"https://0x1ffffffff", "https://08.0.0.1", "https://[2001:db8::1]", "https://[::ffff:8.8.8.8]", "https://mylocalhost",
	}
	for _, u := range public {
		c := productionWith(map[string]string{"FRONTEND_URL": u})
		if problems, _ := c.Check(); len(problems) > 0 {
			t.Errorf("%s: refused: %q", u, problems)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// A public production URL on plain http:// is warned about: the __Host-
// cookies need HTTPS, so every form would fail. Loopback URLs allowed by
// ALLOW_LOCALHOST_PROD are not (browsers treat them as secure).
func TestProductionWarnsAboutPlainHTTP(t *testing.T) {
	c := productionWith(map[string]string{"FRONTEND_URL": "http://bazi.example.com", "BACKEND_BASE_URL": "HTTP://api.example.com:8080/"})
	problems, warnings := c.Check()
	if len(problems) > 0 {
		t.Fatalf("plain http:// is a warning, not a problem: %q", problems)
	}
	for _, name := range []string{"FRONTEND_URL", "BACKEND_BASE_URL"} {
		want := name + " is a plain http:// URL: browsers drop the __Host- session and CSRF cookies that production sets without HTTPS, so sign-in and every form would fail; use https://"
		if !contains(warnings, want) {
			t.Errorf("no warning %q in %q", want, warnings)
		}
	}
	for _, u := range map[string]string{"https": "https://bazi.example.com", "local": "http://localhost:3000"} {
		c := productionWith(map[string]string{"FRONTEND_URL": u, "BACKEND_BASE_URL": u, "ALLOW_LOCALHOST_PROD": "true"})
		_, warnings := c.Check()
		if strings.Contains(strings.Join(warnings, "\n"), "plain http://") {
			t.Errorf("%s: warned: %q", u, warnings)
		}
	}
}
