package main

import (
	"bytes"
	"strings"
	"testing"
)

func envMap(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// The "Done when" of the foundation: production with a short secret and a
// localhost FRONTEND_URL exits non-zero naming both problems.
func TestServeRefusesBadProductionConfig(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"serve"}, envMap(map[string]string{
		"APP_ENV":              "production",
		"SESSION_TOKEN_SECRET": "too-short",
		"FRONTEND_URL":         "http://localhost:3000",
		"BACKEND_BASE_URL":     "https://api.example.com",
		"DATABASE_URL":         "postgres://u@db/bazi",
	}), &out, &errOut)
	if code == 0 {
		t.Fatal("serve started with an invalid production config")
	}
	msg := errOut.String()
	for _, want := range []string{"SESSION_TOKEN_SECRET", "FRONTEND_URL"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr does not name %s:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "BACKEND_BASE_URL") {
		t.Errorf("stderr blames a valid BACKEND_BASE_URL:\n%s", msg)
	}
	// The same problems go to the JSON log for collectors, and the secret never does.
	if !strings.Contains(out.String(), `"level":"ERROR"`) || strings.Contains(out.String()+msg, "too-short") {
		t.Errorf("log lines wrong or secret leaked:\n%s", out.String())
	}
}

func TestVersionAndUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"version"}, envMap(nil), &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "bazi-master ") {
		t.Fatalf("version: code %d, out %q", code, out.String())
	}
	out.Reset()
	if code := run([]string{"frobnicate"}, envMap(nil), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "unknown command") {
		t.Fatalf("unknown command: code %d, stderr %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"migrate", "sideways"}, envMap(nil), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "migrate up|down|status") {
		t.Fatalf("bad migrate: code %d, stderr %q", code, errOut.String())
	}
}

// migrate up/status/down on the embedded SQLite database, as an operator runs them.
func TestMigrateCommandsOnSQLite(t *testing.T) {
	env := envMap(map[string]string{"SQLITE_PATH": t.TempDir() + "/m.db"})
	var out, errOut bytes.Buffer
	if code := run([]string{"migrate", "up"}, env, &out, &errOut); code != 0 {
		t.Fatalf("migrate up: %d %s", code, errOut.String())
	}
	out.Reset()
	if code := run([]string{"migrate", "status"}, env, &out, &errOut); code != 0 || !strings.Contains(out.String(), "applied") || strings.Contains(out.String(), "pending") {
		t.Fatalf("status after up: %d\n%s", code, out.String())
	}
	out.Reset()
	if code := run([]string{"migrate", "down"}, env, &out, &errOut); code != 0 {
		t.Fatalf("migrate down: %d %s", code, errOut.String())
	}
	out.Reset()
	if code := run([]string{"migrate", "status"}, env, &out, &errOut); code != 0 || !strings.Contains(out.String(), "pending") {
		t.Fatalf("status after down should show a pending migration:\n%s", out.String())
	}
}
