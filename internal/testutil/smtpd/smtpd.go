// Package smtpd is a small in-process SMTP server for tests. It speaks
// enough real SMTP (RFC 5321) for net/smtp and similar clients: EHLO/HELO,
// STARTTLS with a self-signed certificate made at start, AUTH PLAIN, MAIL,
// RCPT, DATA with dot-unstuffing, RSET, NOOP, VRFY and QUIT. It records every
// accepted message and parses it so tests can read the decoded subject and
// the text and HTML parts.
//
// The server is strict where real relays are: DATA lines must end in CRLF and
// be at most 1000 octets, and when STARTTLS is offered AUTH is only possible
// after it.
package smtpd

import (
	"bufio"
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
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
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

// WithAuth makes the server offer AUTH PLAIN and require it before MAIL;
// only user/pass are accepted.
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
	ln net.Listener

	startTLS     bool
	implicitTLS  bool
	authRequired bool
	user, pass   string

	tlsConfig *tls.Config
	roots     *x509.CertPool

	mu       sync.Mutex
	msgs     []Received
	taken    []bool        // messages already returned by WaitForMessage
	changed  chan struct{} // closed and replaced whenever msgs grows
	conns    map[net.Conn]struct{}
	closed   bool
	protoErr []string

	wg sync.WaitGroup
}

// Start starts a server on 127.0.0.1:0 that offers STARTTLS; t.Cleanup
// closes it. Options change the defaults.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{startTLS: true, changed: make(chan struct{}), conns: map[net.Conn]struct{}{}}
	for _, o := range opts {
		o(s)
	}
	cert, roots, err := selfSigned()
	if err != nil {
		t.Fatalf("smtpd: certificate: %v", err)
	}
	s.roots = roots
	s.tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtpd: listen: %v", err)
	}
	if s.implicitTLS {
		ln = tls.NewListener(ln, s.tlsConfig)
	}
	s.ln = ln
	s.wg.Add(1)
	go s.serve()
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

// ProtocolErrors returns the client mistakes the server answered with an
// error reply (unknown commands, bad sequence, over-long lines, …), which
// tests may assert to be empty.
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

// Close stops the server, closes open connections and waits for them. It is
// registered with t.Cleanup by Start and safe to call more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	_ = s.ln.Close()
	for c := range s.conns {
		_ = c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			_ = c.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				_ = c.Close()
			}()
			s.session(c)
		}()
	}
}

func (s *Server) record(m Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	s.taken = append(s.taken, false)
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) protocolError(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.protoErr = append(s.protoErr, fmt.Sprintf(format, args...))
}

// session is one SMTP connection.
type session struct {
	s      *Server
	conn   net.Conn
	r      *bufio.Reader
	w      *bufio.Writer
	tls    bool
	helo   bool
	auth   string
	from   *string
	rcpts  []string
	closed bool
}

func (s *Server) session(c net.Conn) {
	ss := &session{s: s, conn: c, r: bufio.NewReader(c), w: bufio.NewWriter(c), tls: s.implicitTLS}
	ss.reply(220, "127.0.0.1 ESMTP smtpd (test)")
	for !ss.closed {
		_ = c.SetDeadline(time.Now().Add(time.Minute))
		line, err := ss.readLine()
		if err != nil {
			if errors.Is(err, errLineTooLong) {
				ss.fail(500, "line too long")
				continue
			}
			return
		}
		ss.command(line)
	}
}

var errLineTooLong = errors.New("line too long")

// readLine reads one CRLF-terminated command line (a bare LF is tolerated
// for commands) and returns it without the line ending.
func (ss *session) readLine() (string, error) {
	var buf []byte
	for {
		chunk, err := ss.r.ReadSlice('\n')
		buf = append(buf, chunk...)
		if err == nil {
			break
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			if len(buf) > 4096 {
				// discard the rest of the line
				for errors.Is(err, bufio.ErrBufferFull) {
					_, err = ss.r.ReadSlice('\n')
				}
				if err != nil {
					return "", err
				}
				return "", errLineTooLong
			}
			continue
		}
		return "", err
	}
	return strings.TrimRight(string(buf), "\r\n"), nil
}

func (ss *session) reply(code int, lines ...string) {
	for i, l := range lines {
		sep := " "
		if i < len(lines)-1 {
			sep = "-"
		}
		fmt.Fprintf(ss.w, "%d%s%s\r\n", code, sep, l)
	}
	_ = ss.w.Flush()
}

// fail replies with an error and records it as a protocol error.
func (ss *session) fail(code int, msg string) {
	ss.s.protocolError("%d %s", code, msg)
	ss.reply(code, msg)
}

func (ss *session) reset() { ss.from, ss.rcpts = nil, nil }

func (ss *session) command(line string) {
	verb, arg, _ := strings.Cut(line, " ")
	verb = strings.ToUpper(verb)
	arg = strings.TrimSpace(arg)
	switch verb {
	case "EHLO", "HELO":
		if arg == "" {
			ss.fail(501, "domain required")
			return
		}
		ss.helo = true
		ss.reset()
		if verb == "HELO" {
			ss.reply(250, "127.0.0.1")
			return
		}
		lines := []string{"127.0.0.1 greets " + arg, "8BITMIME", "SIZE " + strconv.Itoa(MaxMessageSize)}
		if ss.s.startTLS && !ss.tls {
			lines = append(lines, "STARTTLS")
		}
		if ss.authOffered() {
			lines = append(lines, "AUTH PLAIN")
		}
		ss.reply(250, append(lines, "HELP")...)
	case "STARTTLS":
		switch {
		case !ss.s.startTLS || ss.tls:
			ss.fail(502, "STARTTLS not available")
			return
		case !ss.helo:
			ss.fail(503, "EHLO first")
			return
		}
		ss.reply(220, "ready to start TLS")
		tc := tls.Server(ss.conn, ss.s.tlsConfig)
		if err := tc.Handshake(); err != nil {
			ss.s.protocolError("TLS handshake: %v", err)
			ss.closed = true
			return
		}
		ss.conn = tc
		ss.r = bufio.NewReader(tc)
		ss.w = bufio.NewWriter(tc)
		ss.tls = true
		ss.helo = false
		ss.auth = ""
		ss.reset()
	case "AUTH":
		ss.doAuth(arg)
	case "MAIL":
		switch {
		case !ss.helo:
			ss.fail(503, "EHLO first")
		case ss.s.authRequired && ss.auth == "":
			ss.fail(530, "authentication required")
		case ss.from != nil:
			ss.fail(503, "nested MAIL command")
		default:
			addr, ok := pathArg(arg, "FROM:")
			if !ok {
				ss.fail(501, "syntax: MAIL FROM:<address>")
				return
			}
			ss.from = &addr
			ss.reply(250, "OK")
		}
	case "RCPT":
		if ss.from == nil {
			ss.fail(503, "MAIL first")
			return
		}
		addr, ok := pathArg(arg, "TO:")
		if !ok || addr == "" {
			ss.fail(501, "syntax: RCPT TO:<address>")
			return
		}
		ss.rcpts = append(ss.rcpts, addr)
		ss.reply(250, "OK")
	case "DATA":
		if ss.from == nil || len(ss.rcpts) == 0 {
			ss.fail(503, "MAIL and RCPT first")
			return
		}
		ss.reply(354, "end data with <CR><LF>.<CR><LF>")
		data, problem, err := ss.readData()
		if err != nil {
			ss.closed = true
			return
		}
		if problem != "" {
			ss.fail(554, problem)
			ss.reset()
			return
		}
		m := Parse(data)
		m.From, m.To, m.TLS, m.AuthUser = *ss.from, ss.rcpts, ss.tls, ss.auth
		ss.s.record(m)
		ss.reset()
		ss.reply(250, "OK queued")
	case "RSET":
		ss.reset()
		ss.reply(250, "OK")
	case "NOOP":
		ss.reply(250, "OK")
	case "VRFY":
		ss.reply(252, "cannot VRFY user")
	case "HELP":
		ss.reply(214, "see RFC 5321")
	case "QUIT":
		ss.reply(221, "bye")
		ss.closed = true
	default:
		ss.fail(502, "command not implemented: "+verb)
	}
}

func (ss *session) authOffered() bool {
	return ss.s.authRequired && (ss.tls || !ss.s.startTLS)
}

func (ss *session) doAuth(arg string) {
	switch {
	case !ss.s.authRequired:
		ss.fail(502, "AUTH not available")
		return
	case !ss.helo:
		ss.fail(503, "EHLO first")
		return
	case ss.auth != "":
		ss.fail(503, "already authenticated")
		return
	case !ss.authOffered():
		ss.fail(538, "encryption required for requested authentication mechanism")
		return
	}
	mech, resp, _ := strings.Cut(arg, " ")
	if !strings.EqualFold(mech, "PLAIN") {
		ss.fail(504, "unrecognized authentication type")
		return
	}
	if resp == "" {
		ss.reply(334, "")
		line, err := ss.readLine()
		if err != nil {
			ss.closed = true
			return
		}
		resp = line
	}
	if resp == "*" {
		ss.fail(501, "authentication cancelled")
		return
	}
	raw, err := base64.StdEncoding.DecodeString(resp)
	if err != nil {
		ss.fail(501, "bad base64")
		return
	}
	parts := strings.Split(string(raw), "\x00")
	if len(parts) != 3 || parts[1] != ss.s.user || parts[2] != ss.s.pass {
		ss.fail(535, "authentication credentials invalid")
		return
	}
	ss.auth = parts[1]
	ss.reply(235, "authentication successful")
}

// pathArg parses "FROM:<addr> [params]" (prefix "FROM:") into addr.
func pathArg(arg, prefix string) (string, bool) {
	if len(arg) < len(prefix) || !strings.EqualFold(arg[:len(prefix)], prefix) {
		return "", false
	}
	rest := strings.TrimSpace(arg[len(prefix):])
	if !strings.HasPrefix(rest, "<") {
		return "", false
	}
	end := strings.IndexByte(rest, '>')
	if end < 0 {
		return "", false
	}
	return rest[1:end], true
}

// readData reads DATA up to the terminating "." line, undoing dot-stuffing.
// problem is non-empty when the content breaks the rules (the rest is still
// consumed); err is set only when the connection failed.
func (ss *session) readData() (data []byte, problem string, err error) {
	var b bytes.Buffer
	for {
		line, err := ss.r.ReadSlice('\n')
		for errors.Is(err, bufio.ErrBufferFull) {
			// a line longer than the buffer: keep the prefix, it is too long anyway
			if problem == "" {
				problem = fmt.Sprintf("line %d longer than %d octets", bytes.Count(b.Bytes(), []byte("\n"))+1, maxLine)
			}
			line, err = ss.r.ReadSlice('\n')
		}
		if err != nil {
			return nil, "", err
		}
		if !bytes.HasSuffix(line, []byte("\r\n")) {
			if problem == "" {
				problem = "bare LF in message data"
			}
			// copy: line aliases the bufio buffer
			line = append(bytes.TrimSuffix(bytes.Clone(line), []byte("\n")), '\r', '\n')
		}
		if string(line) == ".\r\n" {
			break
		}
		if len(line) > maxLine && problem == "" {
			problem = fmt.Sprintf("line %d longer than %d octets", bytes.Count(b.Bytes(), []byte("\n"))+1, maxLine)
		}
		if line[0] == '.' {
			line = line[1:]
		}
		if b.Len()+len(line) > MaxMessageSize {
			if problem == "" {
				problem = "message too large"
			}
			continue
		}
		b.Write(line)
	}
	return b.Bytes(), problem, nil
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
