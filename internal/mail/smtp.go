package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TLS modes of SMTPConfig.TLS.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, which the server must offer (default)
	TLSImplicit = "tls"      // TLS from the first byte ("SMTPS", usually port 465)
	TLSNone     = "none"     // no TLS at all; credentials only to a loopback host
)

// DefaultTimeout bounds a whole delivery when SMTPConfig.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// ErrStartTLSNotOffered is returned when TLS is "starttls" and the server
// does not advertise STARTTLS. The message is not sent in the clear.
var ErrStartTLSNotOffered = errors.New("mail: SMTP server does not offer STARTTLS")

// SMTPConfig describes an SMTP relay.
type SMTPConfig struct {
	Host     string
	Port     int // 0 means 587, or 465 when TLS is "tls"
	Username string
	Password string
	From     string // envelope and header sender, e.g. "BaZi Master <no-reply@example.com>"
	TLS      string // TLSStartTLS (default when empty), TLSImplicit or TLSNone
	// Timeout bounds dialling and the whole SMTP conversation; zero means
	// DefaultTimeout. A context deadline that is earlier wins.
	Timeout time.Duration
	// RootCAs, when non-nil, replaces the system roots for verifying the
	// server certificate (tests use the in-process server's CA). The
	// certificate is always verified.
	RootCAs *x509.CertPool
}

func (c SMTPConfig) tlsMode() string {
	if c.TLS == "" {
		return TLSStartTLS
	}
	return strings.ToLower(c.TLS)
}

func (c SMTPConfig) port() int {
	if c.Port != 0 {
		return c.Port
	}
	if c.tlsMode() == TLSImplicit {
		return 465
	}
	return 587
}

func (c SMTPConfig) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

// SMTP is a Sender that opens one SMTP connection per message.
type SMTP struct {
	cfg SMTPConfig
	// now and msgID are replaceable in tests.
	now func() time.Time
}

var _ Sender = (*SMTP)(nil)

// NewSMTP returns a Sender for cfg. The configuration is checked on every
// Send (use ConfigFromEnv to validate it at start-up).
func NewSMTP(cfg SMTPConfig) *SMTP {
	return &SMTP{cfg: cfg, now: time.Now}
}

// isLoopback reports whether host names the local machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func (c SMTPConfig) check() (*mail.Address, error) {
	if c.Host == "" {
		return nil, errors.New("mail: SMTP host is empty")
	}
	switch c.tlsMode() {
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return nil, fmt.Errorf("mail: unknown SMTP TLS mode %q", c.TLS)
	}
	if p := c.port(); p < 1 || p > 65535 {
		return nil, fmt.Errorf("mail: SMTP port %d out of range", p)
	}
	if c.hasAuth() && c.tlsMode() == TLSNone && !isLoopback(c.Host) {
		return nil, fmt.Errorf("mail: refusing to send SMTP credentials without TLS to non-loopback host %q", c.Host)
	}
	if strings.ContainsAny(c.From, "\r\n") {
		return nil, errors.New("mail: sender address contains a line break")
	}
	from, err := parseAddress(c.From, "sender")
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP From: %w", err)
	}
	return from, nil
}

func (c SMTPConfig) hasAuth() bool { return c.Username != "" || c.Password != "" }

func (c SMTPConfig) tlsConfig() *tls.Config {
	return &tls.Config{
		ServerName: strings.Trim(c.Host, "[]"),
		RootCAs:    c.RootCAs,
		MinVersion: tls.VersionTLS12,
	}
}

// Send delivers m. It honours ctx: cancellation or an expired deadline
// aborts the conversation promptly and the returned error wraps ctx.Err().
func (s *SMTP) Send(ctx context.Context, m Message) (err error) {
	from, err := s.cfg.check()
	if err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	to, _ := m.recipient()
	data, err := build(from, to, m, s.now(), newMessageID(from))
	if err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(ctx, s.cfg.timeout())
	defer cancel()
	// Report the caller's context error (or our timeout) instead of the
	// i/o error it caused.
	defer func() {
		if err == nil {
			return
		}
		// The conn deadline equals ctx's deadline and may fire a moment
		// before ctx's own timer; once the deadline has passed, Done is
		// imminent.
		if dl, ok := ctx.Deadline(); ok && ctx.Err() == nil && !time.Now().Before(dl) {
			<-ctx.Done()
		}
		if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			err = fmt.Errorf("%w (%w)", err, context.Cause(ctx))
		}
	}()

	addr := net.JoinHostPort(strings.Trim(s.cfg.Host, "[]"), strconv.Itoa(s.cfg.port()))
	var conn net.Conn
	if s.cfg.tlsMode() == TLSImplicit {
		d := &tls.Dialer{Config: s.cfg.tlsConfig()}
		conn, err = d.DialContext(ctx, "tcp", addr)
	} else {
		var d net.Dialer
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("mail: dial %s: %w", addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	// Unblock any pending read or write as soon as ctx is done.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if err := s.converse(conn, from.Address, to.Address, data); err != nil {
		return err
	}
	return nil
}

func (s *SMTP) converse(conn net.Conn, from, to string, data []byte) error {
	c, err := smtp.NewClient(conn, strings.Trim(s.cfg.Host, "[]"))
	if err != nil {
		return fmt.Errorf("mail: SMTP greeting: %w", err)
	}
	defer c.Close()
	if err := c.Hello(helloName()); err != nil {
		return fmt.Errorf("mail: SMTP EHLO: %w", err)
	}

	secure := s.cfg.tlsMode() == TLSImplicit
	if s.cfg.tlsMode() == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return ErrStartTLSNotOffered
		}
		if err := c.StartTLS(s.cfg.tlsConfig()); err != nil {
			return fmt.Errorf("mail: SMTP STARTTLS: %w", err)
		}
		secure = true
	}

	if s.cfg.hasAuth() {
		if !secure && !(s.cfg.tlsMode() == TLSNone && isLoopback(s.cfg.Host)) {
			return errors.New("mail: refusing to send SMTP credentials over an unencrypted connection")
		}
		ok, mechs := c.Extension("AUTH")
		if !ok {
			return errors.New("mail: SMTP credentials are configured but the server does not offer AUTH")
		}
		if !slices.Contains(strings.Fields(strings.ToUpper(mechs)), "PLAIN") {
			return fmt.Errorf("mail: SMTP server does not offer AUTH PLAIN (offers %q)", mechs)
		}
		if err := c.Auth(plainAuth{user: s.cfg.Username, pass: s.cfg.Password}); err != nil {
			return fmt.Errorf("mail: SMTP AUTH: %w", err)
		}
	}

	if err := c.Mail(from); err != nil {
		return fmt.Errorf("mail: SMTP MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("mail: SMTP RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: SMTP DATA: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		_ = w.Close()
		return fmt.Errorf("mail: SMTP DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: SMTP message refused: %w", err)
	}
	// The message is accepted; a failing QUIT does not change that.
	_ = c.Quit()
	return nil
}

// helloName is the name announced in EHLO.
func helloName() string { return "localhost" }

// plainAuth is AUTH PLAIN (RFC 4616). Unlike smtp.PlainAuth it leaves the
// decision whether the connection is safe enough to Send, which knows
// whether TLS is in use and the configured policy.
type plainAuth struct{ user, pass string }

func (a plainAuth) Start(*smtp.ServerInfo) (string, []byte, error) {
	return "PLAIN", []byte("\x00" + a.user + "\x00" + a.pass), nil
}

func (a plainAuth) Next(_ []byte, more bool) ([]byte, error) {
	if more {
		return nil, errors.New("unexpected server challenge")
	}
	return nil, nil
}
