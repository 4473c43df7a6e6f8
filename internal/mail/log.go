package mail

import (
	"context"
	"errors"
	"log/slog"
)

// ErrNotConfigured is returned by NotConfigured.Send: in production no SMTP
// relay is configured, so the message cannot be delivered. Callers should
// surface it (the link is deliberately not logged in production).
var ErrNotConfigured = errors.New("mail: not sent: no SMTP server configured (set SMTP_HOST and SMTP_FROM)")

// LogSender "sends" by logging: it writes "mail not sent (no SMTP
// configured)" with the recipient, the subject and the text body (which holds
// the verification or reset link) at level Info. Use it only outside
// production, where developers need the links; it logs secrets by design.
type LogSender struct {
	Logger *slog.Logger // nil means slog.Default()
}

var _ Sender = LogSender{}

// Send validates m like the SMTP sender would and logs it.
func (l LogSender) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	logger(l.Logger).LogAttrs(ctx, slog.LevelInfo, "mail not sent (no SMTP configured)",
		slog.String("to", m.To), slog.String("subject", m.Subject), slog.String("text", m.Text))
	return nil
}

// NotConfigured is the production Sender when SMTP is not configured: every
// Send fails with ErrNotConfigured (after validating the message).
type NotConfigured struct{}

var _ Sender = NotConfigured{}

// Send returns ErrNotConfigured.
func (NotConfigured) Send(_ context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return ErrNotConfigured
}

// WithLogCopy returns a Sender that sends through next and, once that
// succeeded, logs the message as LogSender does but with "mail sent (copy
// logged outside production)". It implements "outside production the link is
// also logged" and must not be used in production.
func WithLogCopy(next Sender, l *slog.Logger) Sender {
	return logCopy{next: next, logger: l}
}

type logCopy struct {
	next   Sender
	logger *slog.Logger
}

func (s logCopy) Send(ctx context.Context, m Message) error {
	if err := s.next.Send(ctx, m); err != nil {
		return err
	}
	logger(s.logger).LogAttrs(ctx, slog.LevelInfo, "mail sent (copy logged outside production)",
		slog.String("to", m.To), slog.String("subject", m.Subject), slog.String("text", m.Text))
	return nil
}

func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.Default()
	}
	return l
}

// NewSender chooses the Sender for a deployment:
//
//	configured, production      → SMTP
//	configured, not production  → SMTP, and the message is also logged
//	not configured, production  → NotConfigured (Send returns ErrNotConfigured)
//	not configured, otherwise   → LogSender
//
// configured is the second result of ConfigFromEnv.
func NewSender(cfg SMTPConfig, configured, production bool, l *slog.Logger) Sender {
	switch {
	case configured && production:
		return NewSMTP(cfg)
	case configured:
		return WithLogCopy(NewSMTP(cfg), l)
	case production:
		return NotConfigured{}
	default:
		return LogSender{Logger: l}
	}
}
