package mail

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/testutil/smtpd"
)

const testFrom = "BaZi Master <no-reply@bazi.example>"

func smtpConfig(srv *smtpd.Server) SMTPConfig {
	return SMTPConfig{
		Host:    srv.Host(),
		Port:    srv.Port(),
		From:    testFrom,
		RootCAs: srv.RootCAs(),
		Timeout: 10 * time.Second,
	}
}

// longLink is longer than a mail line may be and full of characters that
// quoted-printable must escape ("=") or that SMTP treats specially (".").
var longLink = "https://bazi.example/verify?token=" + strings.Repeat("AbC.dEf-_=", 20) + "&next=%2Fprofile"

func verificationMail(to string) Message {
	return Message{
		To:      to,
		Subject: "验证你的邮箱",
		Text: "你好！\n\n请打开以下链接验证你的邮箱：\n" + longLink + "\n" +
			".\n" + // a lone dot would end DATA if not stuffed
			".. two dots\n" +
			".hidden line starting with a dot\n" +
			"trailing spaces   \n" +
			"链接 30 分钟内有效。\n",
		HTML: `<p>你好！</p><p><a href="` + longLink + `">验证邮箱</a></p>` + "\n.\n",
	}
}

func checkWireFormat(t *testing.T, data []byte) {
	t.Helper()
	for i, line := range bytes.SplitAfter(data, []byte("\r\n")) {
		if len(line) == 0 {
			continue
		}
		if !bytes.HasSuffix(line, []byte("\r\n")) && i != len(bytes.SplitAfter(data, []byte("\r\n")))-1 {
			t.Errorf("line %d has no CRLF: %q", i+1, line)
		}
		if len(line) > 78+2 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		for _, b := range line {
			if b >= 0x80 || (b < ' ' && b != '\r' && b != '\n' && b != '\t') {
				t.Fatalf("line %d is not 7-bit clean: %q", i+1, line)
			}
		}
	}
}

func TestSendSTARTTLSWithAuth(t *testing.T) {
	srv := smtpd.Start(t, smtpd.WithAuth("mailer", "s3cret pass"))
	cfg := smtpConfig(srv)
	cfg.Username, cfg.Password = "mailer", "s3cret pass"

	m := verificationMail("Ann Lee <Ann@Example.com>")
	if err := NewSMTP(cfg).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.WaitForMessage(t, "ann@example.com", 5*time.Second)

	if got.ParseErr != nil {
		t.Fatalf("parse: %v\n%s", got.ParseErr, got.Data)
	}
	if !got.TLS || got.AuthUser != "mailer" {
		t.Errorf("TLS=%v AuthUser=%q, want STARTTLS and AUTH", got.TLS, got.AuthUser)
	}
	if got.From != "no-reply@bazi.example" || len(got.To) != 1 || got.To[0] != "Ann@Example.com" {
		t.Errorf("envelope From=%q To=%q", got.From, got.To)
	}
	if got.Subject != "验证你的邮箱" {
		t.Errorf("Subject = %q", got.Subject)
	}
	if raw := got.Header.Get("Subject"); !strings.HasPrefix(raw, "=?utf-8?q?") {
		t.Errorf("raw Subject %q is not Q-encoded", raw)
	}
	if got.Text != m.Text {
		t.Errorf("Text part differs\n got: %q\nwant: %q", got.Text, m.Text)
	}
	if got.HTML != m.HTML {
		t.Errorf("HTML part differs\n got: %q\nwant: %q", got.HTML, m.HTML)
	}
	if !strings.Contains(got.Text, "\n"+longLink+"\n") || !strings.Contains(got.HTML, `href="`+longLink+`"`) {
		t.Error("link not intact")
	}

	ct, params, err := mime.ParseMediaType(got.Header.Get("Content-Type"))
	if err != nil || ct != "multipart/alternative" || params["boundary"] == "" {
		t.Errorf("Content-Type = %q (%v)", got.Header.Get("Content-Type"), err)
	}
	if got.Header.Get("MIME-Version") != "1.0" {
		t.Errorf("MIME-Version = %q", got.Header.Get("MIME-Version"))
	}
	if n := bytes.Count(got.Data, []byte("Content-Transfer-Encoding: quoted-printable\r\n")); n != 2 {
		t.Errorf("%d quoted-printable parts, want 2", n)
	}
	from, err := mail.ParseAddress(got.Header.Get("From"))
	if err != nil || from.Address != "no-reply@bazi.example" || from.Name != "BaZi Master" {
		t.Errorf("From header %q: %v", got.Header.Get("From"), err)
	}
	to, err := mail.ParseAddress(got.Header.Get("To"))
	if err != nil || to.Address != "Ann@Example.com" || to.Name != "Ann Lee" {
		t.Errorf("To header %q: %v", got.Header.Get("To"), err)
	}
	date, err := got.Header.Date()
	if err != nil || time.Since(date).Abs() > time.Minute {
		t.Errorf("Date header %q: %v", got.Header.Get("Date"), err)
	}
	if id := got.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@bazi.example>") || len(id) < 20 {
		t.Errorf("Message-ID = %q", id)
	}
	checkWireFormat(t, got.Data)
	if errs := srv.ProtocolErrors(); len(errs) > 0 {
		t.Errorf("server saw protocol errors: %q", errs)
	}
}

func TestSendTextOnly(t *testing.T) {
	srv := smtpd.Start(t)
	m := Message{To: "bob@example.com", Subject: "Reset your password", Text: "Open " + longLink + "\n"}
	if err := NewSMTP(smtpConfig(srv)).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.WaitForMessage(t, "bob@example.com", 5*time.Second)
	if got.Subject != m.Subject || got.Text != m.Text || got.HTML != "" {
		t.Errorf("got subject %q text %q html %q", got.Subject, got.Text, got.HTML)
	}
	if ct := got.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cte := got.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
		t.Errorf("Content-Transfer-Encoding = %q", cte)
	}
	if !got.TLS || got.AuthUser != "" {
		t.Errorf("TLS=%v AuthUser=%q", got.TLS, got.AuthUser)
	}
	checkWireFormat(t, got.Data)
}

func TestSendImplicitTLS(t *testing.T) {
	srv := smtpd.Start(t, smtpd.WithImplicitTLS(), smtpd.WithAuth("u", "p"))
	cfg := smtpConfig(srv)
	cfg.TLS, cfg.Username, cfg.Password = TLSImplicit, "u", "p"
	if err := NewSMTP(cfg).Send(context.Background(), Message{To: "c@example.com", Subject: "hi", Text: "x"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := srv.WaitForMessage(t, "c@example.com", 5*time.Second); !got.TLS || got.AuthUser != "u" {
		t.Errorf("TLS=%v AuthUser=%q", got.TLS, got.AuthUser)
	}
}

func TestSendTwoMessagesSameRecipient(t *testing.T) {
	srv := smtpd.Start(t)
	s := NewSMTP(smtpConfig(srv))
	for _, subj := range []string{"first", "second"} {
		if err := s.Send(context.Background(), Message{To: "d@example.com", Subject: subj, Text: subj}); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"first", "second"} {
		if got := srv.WaitForMessage(t, "D@example.com", 5*time.Second); got.Subject != want {
			t.Errorf("got %q, want %q", got.Subject, want)
		}
	}
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("Messages() has %d, want 2", n)
	}
}

func TestStartTLSRequiredButNotOffered(t *testing.T) {
	srv := smtpd.Start(t, smtpd.WithoutSTARTTLS(), smtpd.WithAuth("u", "p"))
	cfg := smtpConfig(srv)
	cfg.Username, cfg.Password = "u", "p"
	err := NewSMTP(cfg).Send(context.Background(), Message{To: "e@example.com", Subject: "s", Text: "t"})
	if !errors.Is(err, ErrStartTLSNotOffered) {
		t.Fatalf("err = %v, want ErrStartTLSNotOffered", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages delivered in the clear", n)
	}
}

func TestUntrustedCertificateRefused(t *testing.T) {
	srv := smtpd.Start(t)
	cfg := smtpConfig(srv)
	cfg.RootCAs = nil // system roots do not trust the test CA
	err := NewSMTP(cfg).Send(context.Background(), Message{To: "f@example.com", Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("err = %v, want a certificate error", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages delivered", n)
	}
}

func TestPlaintextAuthOnlyToLoopback(t *testing.T) {
	srv := smtpd.Start(t, smtpd.WithoutSTARTTLS(), smtpd.WithAuth("u", "p"))
	cfg := smtpConfig(srv)
	cfg.TLS, cfg.Username, cfg.Password = TLSNone, "u", "p"
	if err := NewSMTP(cfg).Send(context.Background(), Message{To: "g@example.com", Subject: "s", Text: "t"}); err != nil {
		t.Fatalf("TLS=none to loopback: %v", err)
	}
	if got := srv.WaitForMessage(t, "g@example.com", 5*time.Second); got.TLS || got.AuthUser != "u" {
		t.Errorf("TLS=%v AuthUser=%q", got.TLS, got.AuthUser)
	}

	cfg.Host = "mail.invalid" // never dialled: refused before connecting
	err := NewSMTP(cfg).Send(context.Background(), Message{To: "g@example.com", Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), "without TLS") {
		t.Fatalf("TLS=none with credentials to remote host: err = %v", err)
	}
}

func TestWrongPassword(t *testing.T) {
	srv := smtpd.Start(t, smtpd.WithAuth("u", "right"))
	cfg := smtpConfig(srv)
	cfg.Username, cfg.Password = "u", "wrong"
	err := NewSMTP(cfg).Send(context.Background(), Message{To: "h@example.com", Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), "535") {
		t.Fatalf("err = %v, want 535", err)
	}
}

func TestAuthRequiredButNoCredentials(t *testing.T) {
	srv := smtpd.Start(t, smtpd.WithAuth("u", "p"))
	err := NewSMTP(smtpConfig(srv)).Send(context.Background(), Message{To: "i@example.com", Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), "530") {
		t.Fatalf("err = %v, want 530", err)
	}
}

// silentServer accepts connections and never says anything.
func silentServer(t *testing.T) (host string, port int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var conns []net.Conn
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	a := ln.Addr().(*net.TCPAddr)
	return a.IP.String(), a.Port
}

func TestContextCancelled(t *testing.T) {
	host, port := silentServer(t)
	cfg := SMTPConfig{Host: host, Port: port, From: testFrom, Timeout: time.Minute}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	start := time.Now()
	go func() { errc <- NewSMTP(cfg).Send(ctx, Message{To: "j@example.com", Subject: "s", Text: "t"}) }()
	time.AfterFunc(50*time.Millisecond, cancel)
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Send did not return after cancel")
	}
}

func TestContextAlreadyCancelled(t *testing.T) {
	srv := smtpd.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := NewSMTP(smtpConfig(srv)).Send(ctx, Message{To: "k@example.com", Subject: "s", Text: "t"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestTimeout(t *testing.T) {
	host, port := silentServer(t)
	cfg := SMTPConfig{Host: host, Port: port, From: testFrom, Timeout: 100 * time.Millisecond}
	err := NewSMTP(cfg).Send(context.Background(), Message{To: "l@example.com", Subject: "s", Text: "t"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestHeaderInjectionRefused(t *testing.T) {
	srv := smtpd.Start(t)
	s := NewSMTP(smtpConfig(srv))
	var logs bytes.Buffer
	senders := map[string]Sender{
		"smtp":          s,
		"log":           LogSender{Logger: slog.New(slog.NewTextHandler(&logs, nil))},
		"notconfigured": NotConfigured{},
	}
	bad := []Message{
		{To: "victim@example.com\r\nBcc: all@example.com", Subject: "s", Text: "t"},
		{To: "victim@example.com\nBcc: all@example.com", Subject: "s", Text: "t"},
		{To: "victim@example.com", Subject: "hello\r\nBcc: all@example.com", Text: "t"},
		{To: "victim@example.com", Subject: "hello\rX-Evil: 1", Text: "t"},
		{To: "victim@example.com", Subject: "hello\nX-Evil: 1", Text: "t"},
		{To: "a@example.com, b@example.com", Subject: "s", Text: "t"},
		{To: "not an address", Subject: "s", Text: "t"},
		{To: "", Subject: "s", Text: "t"},
		{To: "<a@example.com>\r\n", Subject: "s", Text: "t"},
		{To: "用户@example.com", Subject: "s", Text: "t"},
	}
	for name, sender := range senders {
		for _, m := range bad {
			err := sender.Send(context.Background(), m)
			if !errors.Is(err, ErrInvalidMessage) {
				t.Errorf("%s: Send(%q, %q) = %v, want ErrInvalidMessage", name, m.To, m.Subject, err)
			}
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
	if logs.Len() != 0 {
		t.Errorf("LogSender logged a refused message: %s", logs.String())
	}
	// A newline in the body is of course fine.
	if err := s.Send(context.Background(), Message{To: "ok@example.com", Subject: "s", Text: "a\r\nBcc: x@example.com\r\n"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.WaitForMessage(t, "ok@example.com", 5*time.Second); got.Header.Get("Bcc") != "" {
		t.Error("body leaked into the header")
	}
}

func TestSMTPConfigChecked(t *testing.T) {
	m := Message{To: "a@example.com", Subject: "s", Text: "t"}
	for _, cfg := range []SMTPConfig{
		{Host: "", From: testFrom},
		{Host: "127.0.0.1", From: ""},
		{Host: "127.0.0.1", From: "x@example.com\r\nBcc: y@example.com"},
		{Host: "127.0.0.1", From: testFrom, TLS: "ssl"},
		{Host: "127.0.0.1", From: testFrom, Port: 70000},
	} {
		if err := NewSMTP(cfg).Send(context.Background(), m); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

func TestLogSenderWritesLink(t *testing.T) {
	var buf bytes.Buffer
	l := LogSender{Logger: slog.New(slog.NewTextHandler(&buf, nil))}
	m := verificationMail("ann@example.com")
	if err := l.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"mail not sent (no SMTP configured)", "to=ann@example.com", "验证你的邮箱", longLink} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

func TestNewSender(t *testing.T) {
	srv := smtpd.Start(t)
	var buf bytes.Buffer
	l := slog.New(slog.NewTextHandler(&buf, nil))
	cfg := smtpConfig(srv)
	m := Message{To: "m@example.com", Subject: "s", Text: "link " + longLink}

	if _, ok := NewSender(cfg, true, true, l).(*SMTP); !ok {
		t.Error("configured+production: want *SMTP")
	}
	if err := NewSender(SMTPConfig{}, false, true, l).Send(context.Background(), m); !errors.Is(err, ErrNotConfigured) {
		t.Errorf("production without SMTP: err = %v, want ErrNotConfigured", err)
	}
	if _, ok := NewSender(SMTPConfig{}, false, false, l).(LogSender); !ok {
		t.Error("development without SMTP: want LogSender")
	}
	if buf.Len() != 0 {
		t.Errorf("unexpected logs: %s", buf.String())
	}

	// Development with SMTP: sent and logged.
	if err := NewSender(cfg, true, false, l).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	srv.WaitForMessage(t, "m@example.com", 5*time.Second)
	if out := buf.String(); !strings.Contains(out, "mail sent") || !strings.Contains(out, longLink) {
		t.Errorf("development copy not logged: %s", out)
	}
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    SMTPConfig
		ok      bool
		wantErr string // substring; "" means no error
	}{
		{name: "unset", env: nil},
		{name: "only other vars", env: map[string]string{"SMTP_PORT": "x", "SMTP_FROM": "bad"}},
		{
			name: "minimal",
			env:  map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_FROM": testFrom},
			want: SMTPConfig{Host: "smtp.example.com", Port: 587, From: testFrom, TLS: TLSStartTLS}, ok: true,
		},
		{
			name: "full",
			env: map[string]string{"SMTP_HOST": " smtp.example.com ", "SMTP_PORT": "2525", "SMTP_USERNAME": "apikey",
				"SMTP_PASSWORD": "p w", "SMTP_FROM": "no-reply@example.com", "SMTP_TLS": "STARTTLS"},
			want: SMTPConfig{Host: "smtp.example.com", Port: 2525, Username: "apikey", Password: "p w", From: "no-reply@example.com", TLS: TLSStartTLS}, ok: true,
		},
		{
			name: "implicit tls default port",
			env:  map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_FROM": testFrom, "SMTP_TLS": "tls"},
			want: SMTPConfig{Host: "smtp.example.com", Port: 465, From: testFrom, TLS: TLSImplicit}, ok: true,
		},
		{
			name: "none to loopback with auth",
			env:  map[string]string{"SMTP_HOST": "localhost", "SMTP_PORT": "1025", "SMTP_FROM": testFrom, "SMTP_TLS": "none", "SMTP_USERNAME": "u", "SMTP_PASSWORD": "p"},
			want: SMTPConfig{Host: "localhost", Port: 1025, Username: "u", Password: "p", From: testFrom, TLS: TLSNone}, ok: true,
		},
		{
			name: "none to remote without auth",
			env:  map[string]string{"SMTP_HOST": "mail.internal", "SMTP_FROM": testFrom, "SMTP_TLS": "none"},
			want: SMTPConfig{Host: "mail.internal", Port: 587, From: testFrom, TLS: TLSNone}, ok: true,
		},
		{name: "missing from", env: map[string]string{"SMTP_HOST": "smtp.example.com"}, wantErr: "SMTP_FROM"},
		{name: "bad from", env: map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_FROM": "nobody"}, wantErr: "SMTP_FROM"},
		{name: "from with newline", env: map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_FROM": "a@example.com\nBcc: b@example.com"}, wantErr: "SMTP_FROM"},
		{name: "bad port", env: map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_FROM": testFrom, "SMTP_PORT": "smtp"}, wantErr: "SMTP_PORT"},
		{name: "port zero", env: map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_FROM": testFrom, "SMTP_PORT": "0"}, wantErr: "SMTP_PORT"},
		{name: "port too big", env: map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_FROM": testFrom, "SMTP_PORT": "65536"}, wantErr: "SMTP_PORT"},
		{name: "bad tls", env: map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_FROM": testFrom, "SMTP_TLS": "ssl"}, wantErr: "SMTP_TLS"},
		{name: "host with port", env: map[string]string{"SMTP_HOST": "smtp.example.com:587", "SMTP_FROM": testFrom}, wantErr: "SMTP_HOST"},
		{name: "host url", env: map[string]string{"SMTP_HOST": "smtp://smtp.example.com", "SMTP_FROM": testFrom}, wantErr: "SMTP_HOST"},
		{name: "user without password", env: map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_FROM": testFrom, "SMTP_USERNAME": "u"}, wantErr: "SMTP_PASSWORD"},
		{name: "password without user", env: map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_FROM": testFrom, "SMTP_PASSWORD": "p"}, wantErr: "SMTP_USERNAME"},
		{name: "plaintext auth to remote", env: map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_FROM": testFrom, "SMTP_TLS": "none", "SMTP_USERNAME": "u", "SMTP_PASSWORD": "p"}, wantErr: "SMTP_TLS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr+":") {
					t.Fatalf("err = %v, want one naming %s", err, tt.wantErr)
				}
				if ok {
					t.Error("ok with error")
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if ok != tt.ok || got != tt.want {
				t.Errorf("got %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}
