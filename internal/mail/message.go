// Package mail sends the application's transactional e-mail (address
// verification and password-reset links).
//
// Three Senders are provided:
//
//   - SMTP (NewSMTP) delivers through an SMTP relay configured by the SMTP_*
//     environment variables (see ConfigFromEnv);
//   - LogSender writes the message, including its text body, to a
//     *slog.Logger instead of sending it. It is meant for development and
//     tests only, so that developers can follow verification and reset links
//     without a mail server;
//   - NotConfigured refuses every message with ErrNotConfigured. In
//     production, when no SMTP relay is configured, sending must fail loudly
//     rather than write secrets (single-use links) to the logs.
//
// NewSender picks the right one from the configuration. Outside production a
// configured relay is wrapped by WithLogCopy so the link is logged as well.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Message is one outgoing e-mail. To is a single address, optionally with a
// display name ("Ann <ann@example.com>"). Text is required; HTML is optional
// and, when present, is sent as the preferred alternative of a
// multipart/alternative body.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Sender delivers a Message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// ErrInvalidMessage is wrapped by every error caused by the message itself
// (bad recipient, header injection attempt, …) rather than the transport.
var ErrInvalidMessage = errors.New("mail: invalid message")

// Validate checks the message without sending it: To must be a single valid
// address and neither To nor Subject may contain CR or LF (header injection).
func (m Message) Validate() error {
	_, err := m.recipient()
	if err != nil {
		return err
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return fmt.Errorf("%w: subject contains a line break", ErrInvalidMessage)
	}
	return nil
}

func (m Message) recipient() (*mail.Address, error) {
	if strings.ContainsAny(m.To, "\r\n") {
		return nil, fmt.Errorf("%w: recipient contains a line break", ErrInvalidMessage)
	}
	return parseAddress(m.To, "recipient")
}

// parseAddress parses one RFC 5322 address and insists on an ASCII
// addr-spec (SMTPUTF8 is not supported) without characters that would break
// the SMTP envelope.
func parseAddress(s, what string) (*mail.Address, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("%w: %s is empty", ErrInvalidMessage, what)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %s %q: %v", ErrInvalidMessage, what, s, err)
	}
	for _, r := range a.Address {
		if r <= ' ' || r >= 0x7f || r == '<' || r == '>' {
			return nil, fmt.Errorf("%w: %s %q: only plain ASCII addresses are supported", ErrInvalidMessage, what, a.Address)
		}
	}
	return a, nil
}

// build renders m as an RFC 5322 message with CRLF line endings, 7-bit clean:
// the subject is RFC 2047 Q-encoded when needed and every body part is
// quoted-printable, so no line exceeds 78 octets (apart from a subject word
// that cannot be folded). date and msgID are parameters for reproducible
// tests; msgID is the part inside the angle brackets.
func build(from, to *mail.Address, m Message, date time.Time, msgID string) ([]byte, error) {
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, fmt.Errorf("%w: subject contains a line break", ErrInvalidMessage)
	}
	var b bytes.Buffer
	writeHeader(&b, "From", from.String())
	writeHeader(&b, "To", to.String())
	writeHeader(&b, "Subject", encodeSubject(m.Subject))
	writeHeader(&b, "Date", date.Format(time.RFC1123Z))
	writeHeader(&b, "Message-ID", "<"+msgID+">")
	writeHeader(&b, "MIME-Version", "1.0")

	text := normalize(m.Text)
	if m.HTML == "" {
		writeHeader(&b, "Content-Type", "text/plain; charset=utf-8")
		writeHeader(&b, "Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		if err := writeQP(&b, text); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range []struct{ typ, content string }{
		{"text/plain; charset=utf-8", text},
		{"text/html; charset=utf-8", normalize(m.HTML)},
	} {
		h := textproto.MIMEHeader{}
		h.Set("Content-Type", p.typ)
		h.Set("Content-Transfer-Encoding", "quoted-printable")
		pw, err := mw.CreatePart(h)
		if err != nil {
			return nil, err
		}
		if err := writeQP(pw, p.content); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	writeHeader(&b, "Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	b.WriteString("\r\n")
	b.Write(body.Bytes())
	return b.Bytes(), nil
}

// normalize makes s valid UTF-8 with "\n" line endings; the quoted-printable
// writer turns those into CRLF.
func normalize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func writeQP(w interface{ Write([]byte) (int, error) }, s string) error {
	qw := quotedprintable.NewWriter(w)
	if _, err := qw.Write([]byte(s)); err != nil {
		return err
	}
	return qw.Close()
}

// encodeSubject Q-encodes the subject when it is not plain printable ASCII,
// or when it could be mistaken for an encoded-word.
func encodeSubject(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.Contains(s, "=?") {
		return forceQ(s)
	}
	enc := mime.QEncoding.Encode("utf-8", s)
	for _, w := range strings.Split(enc, " ") {
		if len(w) > 75 {
			// An unbreakable run of ASCII; encode it so it can be folded.
			return forceQ(s)
		}
	}
	return enc
}

// forceQ encodes s as encoded-words even if it is ASCII.
func forceQ(s string) string {
	// mime.WordEncoder only encodes when needed; prefixing a non-ASCII
	// rune and stripping it again is clumsy, so encode by hand in chunks.
	const maxRaw = 20 // bytes of input per encoded-word (≤ 60 encoded)
	var words []string
	for len(s) > 0 {
		n := min(len(s), maxRaw)
		// do not split a UTF-8 sequence
		for n < len(s) && n > 0 && s[n]&0xC0 == 0x80 {
			n--
		}
		if n == 0 {
			n = len(s)
		}
		var w strings.Builder
		w.WriteString("=?utf-8?q?")
		for i := 0; i < n; i++ {
			c := s[i]
			switch {
			case c == ' ':
				w.WriteByte('_')
			case c >= '!' && c <= '~' && c != '=' && c != '?' && c != '_':
				w.WriteByte(c)
			default:
				fmt.Fprintf(&w, "=%02X", c)
			}
		}
		w.WriteString("?=")
		words = append(words, w.String())
		s = s[n:]
	}
	return strings.Join(words, " ")
}

// writeHeader writes "name: value" folded at spaces so lines stay within 78
// octets where possible. Folding only inserts CRLF before existing
// whitespace, which unfolding removes again, so the value is unchanged.
func writeHeader(b *bytes.Buffer, name, value string) {
	const limit = 76
	line := len(name) + 2
	b.WriteString(name)
	b.WriteString(":")
	first := true
	for _, word := range strings.Split(value, " ") {
		switch {
		case first:
			b.WriteString(" ")
			line++
			first = false
		case word != "" && line > 1 && line+1+len(word) > limit:
			b.WriteString("\r\n ")
			line = 1
		default:
			b.WriteString(" ")
			line++
		}
		b.WriteString(word)
		line += len(word)
	}
	b.WriteString("\r\n")
}

// newMessageID returns a random Message-ID (without angle brackets) in the
// domain of the sender address.
func newMessageID(from *mail.Address) string {
	var r [16]byte
	_, _ = rand.Read(r[:])
	domain := "localhost"
	if i := strings.LastIndexByte(from.Address, '@'); i >= 0 && i+1 < len(from.Address) {
		domain = from.Address[i+1:]
	}
	return hex.EncodeToString(r[:]) + "@" + domain
}
