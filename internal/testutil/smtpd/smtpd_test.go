package smtpd

import (
	"crypto/tls"
	"encoding/base64"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// dial opens a raw protocol connection and reads the greeting.
func dial(t *testing.T, s *Server) *textproto.Conn {
	t.Helper()
	c, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	tc := textproto.NewConn(c)
	t.Cleanup(func() { tc.Close() })
	expect(t, tc, 220)
	return tc
}

func expect(t *testing.T, c *textproto.Conn, code int) string {
	t.Helper()
	_, msg, err := c.ReadResponse(code)
	if err != nil {
		t.Fatalf("want %d: %v", code, err)
	}
	return msg
}

func cmd(t *testing.T, c *textproto.Conn, code int, format string, args ...any) string {
	t.Helper()
	if err := c.PrintfLine(format, args...); err != nil {
		t.Fatal(err)
	}
	return expect(t, c, code)
}

// A message is recorded as received, dot-unstuffed, with its envelope and
// decoded subject; RSET forgets a transaction.
func TestRawSession(t *testing.T) {
	s := Start(t, WithoutSTARTTLS())
	c := dial(t, s)
	cmd(t, c, 250, "HELO client.example")
	cmd(t, c, 250, "MAIL FROM:<a@example.com>")
	cmd(t, c, 250, "RCPT TO:<b@example.com>")
	cmd(t, c, 250, "RSET")
	cmd(t, c, 250, "MAIL FROM:<a@example.com> BODY=8BITMIME")
	cmd(t, c, 250, "RCPT TO:<b@example.com>")
	cmd(t, c, 250, "RCPT TO:<c@example.com>")
	cmd(t, c, 354, "DATA")
	raw := "Subject: =?utf-8?q?=E4=BD=A0=E5=A5=BD?=\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString([]byte("line one\n.dot line\n")) + "\r\n" +
		"..\r\n" // ignored by base64 decoding but present in Data
	if _, err := c.W.WriteString(raw + ".\r\n"); err != nil {
		t.Fatal(err)
	}
	c.W.Flush()
	expect(t, c, 250)
	cmd(t, c, 221, "QUIT")

	m := s.WaitForMessage(t, "C@example.com", 5*time.Second)
	if m.From != "a@example.com" || strings.Join(m.To, ",") != "b@example.com,c@example.com" {
		t.Errorf("envelope %q %q", m.From, m.To)
	}
	if want := strings.Replace(raw, "\r\n..\r\n", "\r\n.\r\n", 1); string(m.Data) != want {
		t.Errorf("Data = %q, want %q", m.Data, want)
	}
	if m.Subject != "你好" || m.TLS || m.AuthUser != "" {
		t.Errorf("Subject %q TLS %v AuthUser %q", m.Subject, m.TLS, m.AuthUser)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
	if errs := s.ProtocolErrors(); len(errs) != 0 {
		t.Errorf("protocol errors: %q", errs)
	}
}

// Message lines must end in CRLF and fit in 1000 octets, as real relays
// demand; a refused message is a protocol error and is not recorded.
func TestDataRules(t *testing.T) {
	s := Start(t, WithoutSTARTTLS())
	c := dial(t, s)
	cmd(t, c, 250, "EHLO client.example")
	send := func(body string) {
		cmd(t, c, 250, "MAIL FROM:<a@example.com>")
		cmd(t, c, 250, "RCPT TO:<b@example.com>")
		cmd(t, c, 354, "DATA")
		c.W.WriteString(body + ".\r\n")
		c.W.Flush()
	}
	send("Subject: x\r\n\r\nbare\nLF\r\n")
	if msg := expect(t, c, 554); !strings.Contains(msg, "bare LF") {
		t.Errorf("got %q", msg)
	}
	send("Subject: x\r\n\r\n" + strings.Repeat("a", 1200) + "\r\n")
	if msg := expect(t, c, 554); !strings.Contains(msg, "longer") {
		t.Errorf("got %q", msg)
	}
	send("Subject: ok\r\n\r\nfine\r\n")
	expect(t, c, 250)
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
	if n := len(s.ProtocolErrors()); n != 2 {
		t.Errorf("protocol errors: %q, want the two refusals", s.ProtocolErrors())
	}
}

// With STARTTLS offered, AUTH is offered only after it, and MAIL needs AUTH.
func TestAuthAndSTARTTLS(t *testing.T) {
	s := Start(t, WithAuth("user", "pass"))
	c := dial(t, s)
	ehlo := cmd(t, c, 250, "EHLO client.example")
	if !strings.Contains(ehlo, "STARTTLS") || strings.Contains(ehlo, "AUTH") {
		t.Errorf("EHLO before TLS: %q", ehlo)
	}
	if err := c.PrintfLine("AUTH PLAIN %s", base64.StdEncoding.EncodeToString([]byte("\x00user\x00pass"))); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := c.ReadResponse(0); code/100 != 5 {
		t.Errorf("AUTH in the clear: %d, want a refusal", code)
	}
	cmd(t, c, 530, "MAIL FROM:<a@example.com>")

	// net/smtp drives STARTTLS and AUTH (with the initial response).
	cl, err := smtp.Dial(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.StartTLS(&tls.Config{ServerName: "127.0.0.1", RootCAs: s.RootCAs()}); err != nil {
		t.Fatal(err)
	}
	if ok, mechs := cl.Extension("AUTH"); !ok || mechs != "PLAIN" {
		t.Fatalf("AUTH after TLS: %v %q", ok, mechs)
	}
	if err := cl.Auth(smtp.PlainAuth("", "user", "pass", "127.0.0.1")); err != nil {
		t.Fatal(err)
	}
	if err := cl.Mail("a@example.com"); err != nil {
		t.Fatal(err)
	}
	if err := cl.Rcpt("b@example.com"); err != nil {
		t.Fatal(err)
	}
	w, err := cl.Data()
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("Subject: hi\r\n\r\n.leading dot\r\n.\r\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	cl.Quit()
	m := s.WaitForMessage(t, "b@example.com", 5*time.Second)
	if !m.TLS || m.AuthUser != "user" || m.Text != ".leading dot\n.\n" {
		t.Errorf("TLS %v AuthUser %q Text %q", m.TLS, m.AuthUser, m.Text)
	}

	// A wrong password is refused with 535 (net/smtp then quits).
	cl, err = smtp.Dial(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.StartTLS(&tls.Config{ServerName: "127.0.0.1", RootCAs: s.RootCAs()}); err != nil {
		t.Fatal(err)
	}
	if err := cl.Auth(smtp.PlainAuth("", "user", "wrong", "127.0.0.1")); err == nil || !strings.Contains(err.Error(), "535") {
		t.Fatalf("wrong password: %v, want 535", err)
	}
}

// Without STARTTLS, AUTH happens in the clear, also as a continuation.
func TestAuthContinuation(t *testing.T) {
	s := Start(t, WithoutSTARTTLS(), WithAuth("user", "pass"))
	c := dial(t, s)
	if ehlo := cmd(t, c, 250, "EHLO x"); !strings.Contains(ehlo, "AUTH PLAIN") || strings.Contains(ehlo, "STARTTLS") {
		t.Errorf("EHLO: %q", ehlo)
	}
	cmd(t, c, 334, "AUTH PLAIN")
	cmd(t, c, 235, "%s", base64.StdEncoding.EncodeToString([]byte("\x00user\x00pass")))
	cmd(t, c, 250, "MAIL FROM:<>")
}

// Implicit TLS: the greeting comes over TLS, and STARTTLS is not offered.
func TestImplicitTLS(t *testing.T) {
	s := Start(t, WithImplicitTLS(), WithAuth("u", "p"))
	conn, err := tls.Dial("tcp", s.Addr(), &tls.Config{ServerName: "127.0.0.1", RootCAs: s.RootCAs()})
	if err != nil {
		t.Fatal(err)
	}
	c := textproto.NewConn(conn)
	defer c.Close()
	expect(t, c, 220)
	if ehlo := cmd(t, c, 250, "EHLO x"); strings.Contains(ehlo, "STARTTLS") || !strings.Contains(ehlo, "AUTH PLAIN") {
		t.Errorf("EHLO: %q", ehlo)
	}
}

func TestWaitForMessageTimesOut(t *testing.T) {
	s := Start(t)
	if !testutil.Fails(t, func(tb testing.TB) { s.WaitForMessage(tb, "nobody@example.com", 20*time.Millisecond) }) {
		t.Error("WaitForMessage did not fail")
	}
}

func TestCloseIsIdempotentAndClosesConnections(t *testing.T) {
	s := Start(t)
	c := dial(t, s)
	cmd(t, c, 250, "EHLO x") // the connection is being served
	s.Close()
	s.Close()
	if _, err := c.ReadLine(); err == nil {
		t.Error("connection still open after Close")
	}
}
