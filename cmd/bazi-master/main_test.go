package main

import (
	"bytes"
	"encoding/json"
	"slices"
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

// serveOutput runs serve with env and returns its exit code, stderr and the
// JSON log lines' "warning" and "problem" values.
func serveOutput(t *testing.T, env map[string]string) (code int, stderr string, warnings, problems []string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run([]string{"serve"}, envMap(env), &out, &errOut)
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if w, ok := m["warning"].(string); ok {
			warnings = append(warnings, w)
		}
		if p, ok := m["problem"].(string); ok {
			problems = append(problems, p)
		}
	}
	return code, errOut.String(), warnings, problems
}

// The start-up messages say what is really wrong: contradictory modes run
// (and are refused) in production mode, a broken SMTP setting is not
// called unset, and an open /metrics is warned about.
func TestServeStartupMessages(t *testing.T) {
	code, stderr, warnings, _ := serveOutput(t, map[string]string{"APP_ENV": "development", "NODE_ENV": "production"})
	if first, _, _ := strings.Cut(stderr, "\n"); code != 1 || first != "bazi-master: refusing to start (production mode):" {
		t.Errorf("APP_ENV=development NODE_ENV=production: code %d, first line %q", code, first)
	}
	wantMode := "APP_ENV=development and NODE_ENV=production disagree: running in production mode, since either one set to production turns it on; set only one of them"
	if !slices.Contains(warnings, wantMode) {
		t.Errorf("no warning %q in %q", wantMode, warnings)
	}
	wantMetrics := "METRICS_TOKEN is unset: GET /metrics is open to anyone who can reach the app; set METRICS_TOKEN, or keep /metrics off the public internet"
	if !slices.Contains(warnings, wantMetrics) {
		t.Errorf("no warning %q in %q", wantMetrics, warnings)
	}

	code, stderr, warnings, problems := serveOutput(t, map[string]string{
		"APP_ENV": "production", "DATABASE_URL": "postgres://app@db/bazi",
		"FRONTEND_URL": "https://bazi.example.com", "BACKEND_BASE_URL": "https://bazi.example.com",
		"SESSION_TOKEN_SECRET": strings.Repeat("s", 32), "SMTP_HOST": "smtp.example.com", "METRICS_TOKEN": "t",
	})
	wantStderr := "bazi-master: refusing to start (production mode):\n  - SMTP_FROM: required when SMTP_HOST is set\n"
	if code != 1 || stderr != wantStderr {
		t.Errorf("SMTP_HOST without SMTP_FROM: code %d, stderr %q, want %q", code, stderr, wantStderr)
	}
	if !slices.Equal(problems, []string{"SMTP_FROM: required when SMTP_HOST is set"}) {
		t.Errorf("logged problems %q", problems)
	}
	for _, w := range warnings {
		if strings.Contains(w, "SMTP_HOST is unset") || strings.Contains(w, "METRICS_TOKEN") {
			t.Errorf("wrong warning %q", w)
		}
	}
}
