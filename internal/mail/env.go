package mail

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// ConfigFromEnv reads the SMTP relay settings through getenv (os.Getenv, or
// a lookup over the app's already-read environment):
//
//	SMTP_HOST      relay host name or IP; empty means "not configured"
//	SMTP_PORT      default 587 (465 when SMTP_TLS=tls)
//	SMTP_USERNAME  AUTH PLAIN user; set together with SMTP_PASSWORD
//	SMTP_PASSWORD  AUTH PLAIN password
//	SMTP_FROM      sender, e.g. "BaZi Master <no-reply@example.com>"; required with SMTP_HOST
//	SMTP_TLS       starttls (default) | tls | none
//
// The boolean result reports whether SMTP is configured (SMTP_HOST set). When
// it is not, the other variables are ignored. Every error names the variable
// at fault.
func ConfigFromEnv(getenv func(string) string) (SMTPConfig, bool, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	host := get("SMTP_HOST")
	if host == "" {
		return SMTPConfig{}, false, nil
	}
	cfg := SMTPConfig{
		Host:     host,
		Username: get("SMTP_USERNAME"),
		Password: getenv("SMTP_PASSWORD"), // passwords may legitimately have spaces
		From:     get("SMTP_FROM"),
	}

	if strings.ContainsAny(host, " \t/@") {
		return SMTPConfig{}, false, fmt.Errorf("SMTP_HOST: %q is not a host name", host)
	}
	if _, _, err := net.SplitHostPort(host); err == nil {
		return SMTPConfig{}, false, fmt.Errorf("SMTP_HOST: %q includes a port; put the port in SMTP_PORT", host)
	}

	switch mode := strings.ToLower(get("SMTP_TLS")); mode {
	case "", TLSStartTLS:
		cfg.TLS = TLSStartTLS
	case TLSImplicit, TLSNone:
		cfg.TLS = mode
	default:
		return SMTPConfig{}, false, fmt.Errorf("SMTP_TLS: %q is not one of starttls, tls, none", getenv("SMTP_TLS"))
	}

	if p := get("SMTP_PORT"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return SMTPConfig{}, false, fmt.Errorf("SMTP_PORT: %q is not a port number (1-65535)", p)
		}
		cfg.Port = n
	} else {
		cfg.Port = cfg.port()
	}

	switch {
	case cfg.Username != "" && cfg.Password == "":
		return SMTPConfig{}, false, errors.New("SMTP_PASSWORD: required when SMTP_USERNAME is set")
	case cfg.Username == "" && cfg.Password != "":
		return SMTPConfig{}, false, errors.New("SMTP_USERNAME: required when SMTP_PASSWORD is set")
	}
	if cfg.hasAuth() && cfg.TLS == TLSNone && !isLoopback(host) {
		return SMTPConfig{}, false, fmt.Errorf("SMTP_TLS: \"none\" would send SMTP_PASSWORD unencrypted to %s; only allowed for a loopback host", host)
	}

	if cfg.From == "" {
		return SMTPConfig{}, false, errors.New("SMTP_FROM: required when SMTP_HOST is set")
	}
	if strings.ContainsAny(cfg.From, "\r\n") {
		return SMTPConfig{}, false, errors.New("SMTP_FROM: contains a line break")
	}
	if _, err := parseAddress(cfg.From, "sender"); err != nil {
		return SMTPConfig{}, false, fmt.Errorf("SMTP_FROM: %w", err)
	}
	return cfg, true, nil
}
