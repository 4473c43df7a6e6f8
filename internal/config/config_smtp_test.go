package config

import (
	"strings"
	"testing"
)

func TestSMTPSettings(t *testing.T) {
	c, err := Load(env(map[string]string{
		"SMTP_HOST": "smtp.example.com", "SMTP_PORT": "2525", "SMTP_USERNAME": "u", "SMTP_PASSWORD": "p w",
		"SMTP_FROM": "BaZi Master <no-reply@example.com>", "SMTP_TLS": "tls",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.SMTPConfigured || c.SMTP.Host != "smtp.example.com" || c.SMTP.Port != 2525 || c.SMTP.Password != "p w" || c.SMTP.TLS != "tls" {
		t.Fatalf("SMTP not parsed: configured=%v %+v", c.SMTPConfigured, c.SMTP)
	}

	// Unset: not configured, no problem outside production, a warning in production.
	c, err = Load(env(nil))
	if err != nil || c.SMTPConfigured {
		t.Fatalf("no SMTP_HOST: configured=%v err=%v", c.SMTPConfigured, err)
	}
	c, _ = Load(env(map[string]string{"APP_ENV": "production"}))
	if _, warnings := c.Check(); !strings.Contains(strings.Join(warnings, "\n"), "SMTP_HOST") {
		t.Fatalf("production without SMTP does not warn: %v", warnings)
	}

	// Malformed settings are reported with the other problems, by variable name.
	_, err = Load(env(map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_PORT": "99999", "PORT": "x"}))
	ce, ok := AsError(err)
	if !ok || len(ce.Problems) != 2 || !strings.Contains(strings.Join(ce.Problems, "\n"), "SMTP_PORT") {
		t.Fatalf("want PORT and SMTP_PORT problems, got %v", err)
	}
	_, err = Load(env(map[string]string{"SMTP_HOST": "smtp.example.com"}))
	if ce, ok := AsError(err); !ok || !strings.Contains(ce.Error(), "SMTP_FROM") {
		t.Fatalf("missing SMTP_FROM not reported: %v", err)
	}
}
