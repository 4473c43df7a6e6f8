package config

import (
	"strings"
	"testing"
	"time"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

func TestDefaultsRunWithNoSetUp(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Production || c.Port != 3000 || c.UsesPostgres() || c.RedisURL != "" || c.SQLitePath != "data/bazi-master.db" {
		t.Fatalf("unexpected defaults: %+v", c)
	}
	if problems, _ := c.Check(); len(problems) > 0 {
		t.Fatalf("development defaults must start: %v", problems)
	}
}

func TestProductionListsEveryProblemAtOnce(t *testing.T) {
	c, err := Load(env(map[string]string{
		"APP_ENV":              "production",
		"SESSION_TOKEN_SECRET": "short",
		"FRONTEND_URL":         "http://localhost:3000",
		"BACKEND_BASE_URL":     "http://127.0.0.1:3000",
		"DATABASE_URL":         "mysql://x",
	}))
	if err != nil {
		t.Fatal(err)
	}
	problems, _ := c.Check()
	joined := strings.Join(problems, "\n")
	for _, want := range []string{"SESSION_TOKEN_SECRET", "FRONTEND_URL", "BACKEND_BASE_URL", "DATABASE_URL must be a postgres"} {
		if !strings.Contains(joined, want) {
			t.Errorf("problems do not mention %s:\n%s", want, joined)
		}
	}
	if c.Validate() == nil {
		t.Fatal("Validate accepted a broken production config")
	}
}

func TestProductionNodeEnvAndMissingValues(t *testing.T) {
	c, _ := Load(env(map[string]string{"NODE_ENV": "production"}))
	if !c.Production {
		t.Fatal("NODE_ENV=production must turn on production mode")
	}
	problems, warnings := c.Check()
	joined := strings.Join(problems, "\n")
	for _, want := range []string{"DATABASE_URL is required", "FRONTEND_URL is required", "BACKEND_BASE_URL is required", "SESSION_TOKEN_SECRET"} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing problem %q in:\n%s", want, joined)
		}
	}
	w := strings.Join(warnings, "\n")
	for _, want := range []string{"REDIS_URL", "ADMIN_EMAILS", "TRUST_PROXY"} {
		if !strings.Contains(w, want) {
			t.Errorf("missing warning about %s in:\n%s", want, w)
		}
	}
}

func TestProductionAcceptsAGoodConfig(t *testing.T) {
	c, err := Load(env(map[string]string{
		"APP_ENV":              "production",
		"DATABASE_URL":         "postgres://app:pw@db:5432/bazi",
		"REDIS_URL":            "redis://cache:6379/0",
		"FRONTEND_URL":         "https://bazi.example.com/",
		"BACKEND_BASE_URL":     "https://bazi.example.com",
		"SESSION_TOKEN_SECRET": strings.Repeat("s", 32),
		"ADMIN_EMAILS":         "Boss@Example.com, ops@example.com",
		"TRUST_PROXY":          "1",
		"SMTP_HOST":            "smtp.example.com",
		"SMTP_USERNAME":        "mailer",
		"SMTP_PASSWORD":        "pw",
		"SMTP_FROM":            "BaZi Master <no-reply@example.com>",
		"METRICS_TOKEN":        "scrape-token",
	}))
	if err != nil {
		t.Fatal(err)
	}
	problems, warnings := c.Check()
	if len(problems) > 0 || len(warnings) > 0 {
		t.Fatalf("good config refused: %v %v", problems, warnings)
	}
	if c.FrontendURL != "https://bazi.example.com" || !c.IsAdminEmail("boss@example.com") || c.TrustProxy != 1 {
		t.Fatalf("values not parsed: %+v", c)
	}
}

func TestAllowLocalhostProd(t *testing.T) {
	c, _ := Load(env(map[string]string{
		"APP_ENV": "production", "DATABASE_URL": "postgresql://localhost/bazi",
		"FRONTEND_URL": "http://localhost:3000", "BACKEND_BASE_URL": "http://localhost:3000",
		"SESSION_TOKEN_SECRET": strings.Repeat("x", 40), "ALLOW_LOCALHOST_PROD": "true",
	}))
	if problems, _ := c.Check(); len(problems) > 0 {
		t.Fatalf("ALLOW_LOCALHOST_PROD=true must allow localhost URLs: %v", problems)
	}
}

func TestMalformedValues(t *testing.T) {
	_, err := Load(env(map[string]string{"PORT": "eighty", "TRUST_PROXY": "-3", "SHUTDOWN_TIMEOUT": "soon", "APP_ENV": "staging"}))
	ce, ok := AsError(err)
	if !ok {
		t.Fatalf("want *Error, got %v", err)
	}
	if len(ce.Problems) != 4 {
		t.Fatalf("want 4 problems, got %v", ce.Problems)
	}
}

func TestReadingSettings(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.ReadingQuotaUser != 20 || c.ReadingQuotaGuest != 3 || c.AIFirstTokenTimeout.String() != "15s" || c.AITotalTimeout.String() != "2m0s" {
		t.Fatalf("reading defaults: %+v", c)
	}
	c, err = Load(env(map[string]string{"READING_DAILY_QUOTA_USER": "0", "READING_DAILY_QUOTA_GUEST": "1",
		"AI_FIRST_TOKEN_TIMEOUT": "300ms", "AI_TOTAL_TIMEOUT": "1m", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9/"}))
	if err != nil || c.ReadingQuotaUser != 0 || c.ReadingQuotaGuest != 1 || c.AIFirstTokenTimeout.Milliseconds() != 300 || c.AITotalTimeout.Seconds() != 60 || c.AnthropicBaseURL != "http://127.0.0.1:9/" {
		t.Fatalf("reading settings: %v %+v", err, c)
	}
	_, err = Load(env(map[string]string{"READING_DAILY_QUOTA_USER": "-1", "READING_DAILY_QUOTA_GUEST": "many", "AI_FIRST_TOKEN_TIMEOUT": "0s", "AI_TOTAL_TIMEOUT": "later"}))
	if ce, ok := AsError(err); !ok || len(ce.Problems) != 4 || !strings.Contains(ce.Error(), "READING_DAILY_QUOTA_GUEST") {
		t.Fatalf("malformed reading settings: %v", err)
	}
}

// Guests' readings are kept 30 days unless GUEST_READING_RETENTION_DAYS
// says otherwise; 0 keeps them, anything else not a day count is refused.
func TestGuestReadingRetention(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil || c.GuestReadingRetention != 30*24*time.Hour {
		t.Fatalf("default: %v %v", c.GuestReadingRetention, err)
	}
	for v, want := range map[string]time.Duration{"0": 0, "7": 7 * 24 * time.Hour} {
		c, err := Load(env(map[string]string{"GUEST_READING_RETENTION_DAYS": v}))
		if err != nil || c.GuestReadingRetention != want {
			t.Errorf("%s: %v %v", v, c.GuestReadingRetention, err)
		}
	}
	for _, v := range []string{"-1", "a week", "7d"} {
		_, err := Load(env(map[string]string{"GUEST_READING_RETENTION_DAYS": v}))
		if ce, ok := AsError(err); !ok || !strings.Contains(ce.Error(), "GUEST_READING_RETENTION_DAYS") {
			t.Errorf("%q accepted: %v", v, err)
		}
	}
}
