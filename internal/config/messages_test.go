package config

import (
	"strings"
	"testing"
)

// goodProduction is a production environment with nothing to warn about.
func goodProduction() map[string]string {
	return map[string]string{
		"APP_ENV": "production", "DATABASE_URL": "postgres://app@db/bazi", "REDIS_URL": "redis://cache:6379/0",
		"FRONTEND_URL": "https://bazi.example.com", "BACKEND_BASE_URL": "https://bazi.example.com",
		"SESSION_TOKEN_SECRET": strings.Repeat("s", 32), "ADMIN_EMAILS": "ops@example.com", "TRUST_PROXY": "1",
		"SMTP_HOST": "smtp.example.com", "SMTP_FROM": "BaZi Master <no-reply@example.com>", "METRICS_TOKEN": "scrape-token",
	}
}

func without(m map[string]string, keys ...string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// APP_ENV and NODE_ENV that disagree about production run in production
// mode (the stricter), say so in Env, and are warned about.
func TestContradictoryModesRunInProduction(t *testing.T) {
	for _, tc := range []struct{ app, node string }{{"development", "production"}, {"test", "prod"}, {"production", "development"}} {
		e := without(goodProduction(), "APP_ENV")
		e["APP_ENV"], e["NODE_ENV"] = tc.app, tc.node
		c, err := Load(env(e))
		if err != nil {
			t.Fatal(err)
		}
		if !c.Production || c.Env != "production" {
			t.Errorf("APP_ENV=%s NODE_ENV=%s: production=%v env=%q, want production", tc.app, tc.node, c.Production, c.Env)
		}
		problems, warnings := c.Check()
		want := "APP_ENV=" + tc.app + " and NODE_ENV=" + tc.node + " disagree: running in production mode, since either one set to production turns it on; set only one of them"
		if len(problems) > 0 || len(warnings) != 1 || warnings[0] != want {
			t.Errorf("APP_ENV=%s NODE_ENV=%s: problems %q, warnings %q, want only %q", tc.app, tc.node, problems, warnings, want)
		}
	}
	// Agreeing or single settings are not warned about.
	for _, e := range []map[string]string{
		goodProduction(),
		func() map[string]string {
			e := without(goodProduction(), "APP_ENV")
			e["NODE_ENV"] = "production"
			return e
		}(),
		func() map[string]string { e := goodProduction(); e["NODE_ENV"] = "prod"; return e }(),
	} {
		c, _ := Load(env(e))
		if _, warnings := c.Check(); len(warnings) > 0 {
			t.Errorf("APP_ENV=%q NODE_ENV=%q: warnings %q", e["APP_ENV"], e["NODE_ENV"], warnings)
		}
	}
}

// SMTP_HOST set with a broken setting (SMTP_FROM missing) is reported as
// that problem, not also as "SMTP_HOST is unset".
func TestSMTPProblemIsNotCalledUnset(t *testing.T) {
	c, err := Load(env(without(goodProduction(), "SMTP_FROM")))
	ce, ok := AsError(err)
	if !ok || len(ce.Problems) != 1 || ce.Problems[0] != "SMTP_FROM: required when SMTP_HOST is set" {
		t.Fatalf("Load: %v", err)
	}
	problems, warnings := c.Check()
	if len(problems) > 0 || len(warnings) > 0 {
		t.Fatalf("Check adds problems %q and warnings %q to the SMTP_FROM problem", problems, warnings)
	}
	// Really unset: the warning stays.
	c, _ = Load(env(without(goodProduction(), "SMTP_HOST", "SMTP_FROM")))
	_, warnings = c.Check()
	want := "SMTP_HOST is unset: verification and password-reset e-mails cannot be sent, so e-mail accounts cannot be verified or recovered"
	if len(warnings) != 1 || warnings[0] != want {
		t.Fatalf("warnings %q, want only %q", warnings, want)
	}
}

// /metrics without METRICS_TOKEN is open to anyone: production warns.
func TestProductionWarnsAboutOpenMetrics(t *testing.T) {
	c, _ := Load(env(without(goodProduction(), "METRICS_TOKEN")))
	problems, warnings := c.Check()
	want := "METRICS_TOKEN is unset: GET /metrics is open to anyone who can reach the app; set METRICS_TOKEN, or keep /metrics off the public internet"
	if len(problems) > 0 || len(warnings) != 1 || warnings[0] != want {
		t.Fatalf("problems %q, warnings %q, want only %q", problems, warnings, want)
	}
	c, _ = Load(env(without(goodProduction(), "METRICS_TOKEN", "APP_ENV")))
	if _, warnings := c.Check(); len(warnings) > 0 {
		t.Fatalf("development warns: %q", warnings)
	}
}
