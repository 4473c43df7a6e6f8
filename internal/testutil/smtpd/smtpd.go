// Package smtpd is an in-process SMTP relay for tests, built on
// github.com/emersion/go-smtp's server. It offers STARTTLS with a
// self-signed certificate made at start (or speaks TLS from the first byte),
// optionally requires AUTH PLAIN before MAIL, records every accepted message
// and parses it so tests can read the decoded subject and the text and HTML
// parts.
//
// It is strict where real relays are: message lines must end in CRLF and be
// at most 1000 octets (RFC 5321 4.5.3.1.6), and when STARTTLS is offered,
// AUTH is only possible after it.
package smtpd

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// MaxMessageSize is the largest DATA the server accepts (advertised as SIZE).
const MaxMessageSize = 10 << 20

const maxLine = 1000 // octets including CRLF (RFC 5321 4.5.3.1.6)

// Received is one accepted message.
type Received struct {
	From string   // envelope sender (MAIL FROM), without brackets
	To   []string // envelope recipients (RCPT TO), without brackets
	Data []byte   // message as received after dot-unstuffing, CRLF line endings

	TLS      bool   // the message arrived over TLS (STARTTLS or implicit)
	AuthUser string // the authenticated user, "" without AUTH

	// Parsed from Data. ParseErr is set when Data is not a well-formed
	// message; the other fields are then filled as far as possible.
	Header   mail.Header
	Subject  string // decoded (RFC 2047)
	Text     string // decoded text/plain part (or whole body), CRLF turned into "\n"
	HTML     string // decoded text/html part, CRLF turned into "\n"
	ParseErr error
}

// Option configures a Server.
type Option func(*Server)

// WithAuth makes the server offer AUTH PLAIN and require it before MAIL
// (530 otherwise); only user/pass are accepted (535 otherwise).
func WithAuth(user, pass string) Option {
	return func(s *Server) { s.user, s.pass, s.authRequired = user, pass, true }
}

// WithoutSTARTTLS stops the server from offering STARTTLS (and, with
// WithAuth, lets AUTH happen in the clear).
func WithoutSTARTTLS() Option { return func(s *Server) { s.startTLS = false } }

// WithImplicitTLS makes the server speak TLS from the first byte (SMTPS);
// STARTTLS is then not offered.
func WithImplicitTLS() Option {
	return func(s *Server) { s.implicitTLS, s.startTLS = true, false }
}

// Server is a running in-process SMTP server.
type Server struct {
	smtp *smtp.Server
	ln   net.Listener

	startTLS     bool
	implicitTLS  bool
	authRequired bool
	user, pass   string

	roots *x509.CertPool

	mu       sync.Mutex
	msgs     []Received
	taken    []bool        // messages already returned by WaitForMessage
	changed  chan struct{} // closed and replaced whenever msgs grows
	protoErr []string

	closeOnce sync.Once
	served    chan struct{} // closed when Serve returns
}

// Start starts a server on 127.0.0.1:0 that offers STARTTLS; t.Cleanup
// closes it. Options change the defaults.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{startTLS: true, changed: make(chan struct{}), served: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	cert, roots, err := selfSigned()
	if err != nil {
		t.Fatalf("smtpd: certificate: %v", err)
	}
	s.roots = roots
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtpd: listen: %v", err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(s.newSession))
	srv.Domain = "127.0.0.1"
	srv.MaxMessageBytes = MaxMessageSize
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	srv.ErrorLog = errorLog{s}
	switch {
	case s.implicitTLS:
		ln = tls.NewListener(ln, tlsConfig)
	case s.startTLS:
		srv.TLSConfig = tlsConfig // offered as STARTTLS; AUTH only after it
	default:
		srv.AllowInsecureAuth = true // no TLS at all: AUTH in the clear
	}
	s.smtp, s.ln = srv, ln
	go func() {
		defer close(s.served)
		_ = srv.Serve(ln)
	}()
	t.Cleanup(s.Close)
	return s
}

// Addr is the listening address, "127.0.0.1:port".
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Host is "127.0.0.1".
func (s *Server) Host() string { return s.ln.Addr().(*net.TCPAddr).IP.String() }

// Port is the listening port.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// RootCAs is a pool holding the server's self-signed certificate (valid
// for 127.0.0.1 and localhost), for the client's tls.Config.RootCAs.
func (s *Server) RootCAs() *x509.CertPool { return s.roots }

// Messages returns a copy of all messages accepted so far, oldest first.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Received, len(s.msgs))
	copy(out, s.msgs)
	return out
}

// ProtocolErrors returns what the server refused (AUTH required or failed,
// a message breaking the line rules, …) and the errors it logged (a failed
// TLS handshake, …), which tests may assert to be empty. Replies to commands
// out of sequence or unknown to the server are the client's to see: such a
// send fails.
func (s *Server) ProtocolErrors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.protoErr...)
}

// WaitForMessage returns the oldest message with envelope recipient to
// (compared case-insensitively; "Name <addr>" is accepted) that no earlier
// WaitForMessage call returned, waiting up to within for it to arrive. It
// fails the test on timeout. Calling it twice for the same address returns
// two different messages, e.g. the verification mail and then a reset mail.
func (s *Server) WaitForMessage(t testing.TB, to string, within time.Duration) Received {
	t.Helper()
	want := to
	if a, err := mail.ParseAddress(to); err == nil {
		want = a.Address
	}
	timer := time.NewTimer(within)
	defer timer.Stop()
	for {
		s.mu.Lock()
		for i, m := range s.msgs {
			if s.taken[i] {
				continue
			}
			for _, r := range m.To {
				if strings.EqualFold(r, want) {
					s.taken[i] = true
					s.mu.Unlock()
					return m
				}
			}
		}
		ch := s.changed
		n := len(s.msgs)
		s.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			t.Fatalf("smtpd: no message to %s within %v (%d other messages received)", want, within, n)
			return Received{}
		}
	}
}

// Close stops the server and closes open connections. It is registered
// with t.Cleanup by Start and safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		_ = s.smtp.Close()
		// Serve may not have registered the listener with go-smtp yet, in
		// which case only closing it ourselves ends its Accept.
		_ = s.ln.Close()
		<-s.served
	})
}

func (s *Server) record(m Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	s.taken = append(s.taken, false)
	close(s.changed)
	s.changed = make(chan struct{})
}

// refuse records a refusal as a protocol error and returns it as the
// server's reply.
func (s *Server) refuse(code int, enhanced smtp.EnhancedCode, msg string) error {
	s.mu.Lock()
	s.protoErr = append(s.protoErr, fmt.Sprintf("%d %s", code, msg))
	s.mu.Unlock()
	return &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: msg}
}

// errorLog records go-smtp's logged errors as protocol errors.
type errorLog struct{ s *Server }

func (l errorLog) Printf(format string, v ...any) {
	l.s.mu.Lock()
	defer l.s.mu.Unlock()
	l.s.protoErr = append(l.s.protoErr, strings.TrimSpace(fmt.Sprintf(format, v...)))
}

func (l errorLog) Println(v ...any) { l.Printf("%s", fmt.Sprintln(v...)) }

// session is one SMTP transaction state, per connection.
type session struct {
	s     *Server
	conn  *smtp.Conn
	auth  string
	from  string
	rcpts []string
}

// authSession is a session that offers AUTH PLAIN (WithAuth).
type authSession struct{ *session }

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	ss := &session{s: s, conn: c}
	if s.authRequired {
		return authSession{ss}, nil
	}
	return ss, nil
}

func (a authSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (a authSession) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, a.s.refuse(504, smtp.EnhancedCode{5, 5, 4}, "unrecognized authentication type")
	}
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != a.s.user || pass != a.s.pass {
			return a.s.refuse(535, smtp.EnhancedCode{5, 7, 8}, "authentication credentials invalid")
		}
		a.auth = user
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.authRequired && ss.auth == "" {
		return ss.s.refuse(530, smtp.EnhancedCode{5, 7, 0}, "authentication required")
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.rcpts = append(ss.rcpts, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if problem := lineProblem(data); problem != "" {
		return ss.s.refuse(554, smtp.EnhancedCode{5, 6, 0}, problem)
	}
	m := Parse(data)
	m.From, m.To, m.AuthUser = ss.from, append([]string(nil), ss.rcpts...), ss.auth
	_, m.TLS = ss.conn.TLSConnectionState()
	ss.s.record(m)
	return nil
}

func (ss *session) Reset() { ss.from, ss.rcpts = "", nil }

func (ss *session) Logout() error { return nil }

// lineProblem names the first line of data (unstuffed, as received) that
// does not end in CRLF or is longer than maxLine octets with it.
func lineProblem(data []byte) string {
	for i, line := range bytes.SplitAfter(data, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if !bytes.HasSuffix(line, []byte("\r\n")) {
			return "bare LF in message data"
		}
		if len(line) > maxLine {
			return fmt.Sprintf("line %d longer than %d octets", i+1, maxLine)
		}
	}
	return ""
}

// Parse returns a Received with Data and the parsed fields (Header,
// Subject, Text, HTML, ParseErr) filled from data, a message with CRLF line
// endings. The server uses it for every message; tests may use it on
// messages built without a server.
func Parse(data []byte) Received {
	m := Received{Data: data}
	parse(&m)
	return m
}

func parse(m *Received) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		m.ParseErr = err
		return
	}
	m.Header = msg.Header
	dec := &mime.WordDecoder{}
	if subj, err := dec.DecodeHeader(msg.Header.Get("Subject")); err == nil {
		m.Subject = subj
	} else {
		m.Subject = msg.Header.Get("Subject")
		m.ParseErr = fmt.Errorf("subject: %w", err)
	}
	if err := readBody(m, msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, 0); err != nil && m.ParseErr == nil {
		m.ParseErr = err
	}
}

func readBody(m *Received, ctype, cte string, body io.Reader, depth int) error {
	if ctype == "" {
		ctype = "text/plain; charset=us-ascii"
	}
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return fmt.Errorf("content-type %q: %w", ctype, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		if depth > 5 {
			return errors.New("multipart nested too deeply")
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("multipart: %w", err)
			}
			// multipart.Reader already decodes quoted-printable parts and
			// removes their Content-Transfer-Encoding header.
			if err := readBody(m, p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, depth+1); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, &crlfStripper{r: body})
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("%s body: %w", mt, err)
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	switch mt {
	case "text/plain":
		if m.Text == "" {
			m.Text = s
		}
	case "text/html":
		if m.HTML == "" {
			m.HTML = s
		}
	}
	return nil
}

// crlfStripper drops CR and LF so base64 bodies with line breaks decode.
type crlfStripper struct{ r io.Reader }

func (c *crlfStripper) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	j := 0
	for _, b := range p[:n] {
		if b != '\r' && b != '\n' {
			p[j] = b
			j++
		}
	}
	return j, err
}

// selfSigned makes an ECDSA certificate for 127.0.0.1, ::1 and localhost
// that is its own CA, and a pool trusting it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "smtpd test server"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
