package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func lookupMap(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func writeDotEnv(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// In development the file fills in what the real environment leaves unset;
// a real variable wins even when it is empty.
func TestDotEnvFillsInDevelopment(t *testing.T) {
	p := writeDotEnv(t, "PORT=4000\nLOG_LEVEL=debug   # inline comment\nSMTP_FROM=\"BaZi Master <no-reply@example.com>\"\nREDIS_URL=redis://file/0\n")
	getenv, n, err := DotEnv(lookupMap(map[string]string{"PORT": "5000", "REDIS_URL": ""}), p)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("loaded %d variables from the file, want 2 (LOG_LEVEL, SMTP_FROM)", n)
	}
	for k, want := range map[string]string{
		"PORT": "5000", "REDIS_URL": "", "LOG_LEVEL": "debug", "SMTP_FROM": "BaZi Master <no-reply@example.com>", "HOST": "",
	} {
		if got := getenv(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	c, err := Load(getenv)
	if err != nil || c.Port != 5000 || c.LogLevel != "debug" {
		t.Fatalf("Load through DotEnv: port %d, level %q, err %v", c.Port, c.LogLevel, err)
	}
}

// A missing file is no problem; a malformed one is.
func TestDotEnvMissingAndMalformed(t *testing.T) {
	getenv, n, err := DotEnv(lookupMap(map[string]string{"PORT": "1"}), filepath.Join(t.TempDir(), ".env"))
	if err != nil || n != 0 || getenv("PORT") != "1" {
		t.Fatalf("missing file: n=%d err=%v", n, err)
	}
	_, _, err = DotEnv(lookupMap(nil), writeDotEnv(t, "SMTP_FROM=\"unterminated\n"))
	if err == nil || !strings.Contains(err.Error(), ".env") {
		t.Fatalf("malformed file: %v", err)
	}
}

// Production reads nothing from the file, and a file cannot turn
// production on.
func TestDotEnvNotInProduction(t *testing.T) {
	p := writeDotEnv(t, "SESSION_TOKEN_SECRET=from-the-file\nPORT=4000\n")
	for _, real := range []map[string]string{{"APP_ENV": "production"}, {"NODE_ENV": "production"}, {"APP_ENV": " Prod "}} {
		getenv, n, err := DotEnv(lookupMap(real), p)
		if err != nil || n != 0 || getenv("SESSION_TOKEN_SECRET") != "" || getenv("PORT") != "" {
			t.Errorf("%v: the file was read in production (n=%d, err=%v)", real, n, err)
		}
	}
	for _, line := range []string{"APP_ENV=production", "NODE_ENV=production", "APP_ENV=prod"} {
		_, _, err := DotEnv(lookupMap(nil), writeDotEnv(t, line+"\nPORT=4000\n"))
		k, v, _ := strings.Cut(line, "=")
		want := "sets " + k + "=" + v + ", but "
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "development only") {
			t.Errorf("%s in the file: err %v, want one containing %q", line, err, want)
		}
	}
	// A real APP_ENV=development wins over the file's production.
	if _, n, err := DotEnv(lookupMap(map[string]string{"APP_ENV": "development"}), writeDotEnv(t, "APP_ENV=production\nPORT=4000\n")); err != nil || n != 1 {
		t.Errorf("real APP_ENV=development: n=%d err=%v", n, err)
	}
}
