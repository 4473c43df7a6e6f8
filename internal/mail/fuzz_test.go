package mail

import (
	"bytes"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/testutil/smtpd"
)

func FuzzMessageBuild(f *testing.F) {
	f.Add("ann@example.com", "验证你的邮箱", "Open https://x.example/?t=a.b=c\n.\n..\n", "<p>hi</p>")
	f.Add("Ann <ann@example.com>", "=?utf-8?q?not_encoded?=", "", "")
	f.Add("\"a b\"@example.com", strings.Repeat("x", 2000), strings.Repeat("y", 2000), "")
	f.Add("a@example.com", "tab\there  and  spaces ", "trailing \r\nmixed\rendings\n\n", "\xff\xfe bad utf8")
	f.Add("a@example.com", "\x00\x01\x7f", "=\n=3D\n", "--boundary\n")
	from := &mail.Address{Name: "BaZi Master", Address: "no-reply@bazi.example"}
	date := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

	f.Fuzz(func(t *testing.T, to, subject, text, html string) {
		m := Message{To: to, Subject: subject, Text: text, HTML: html}
		if m.Validate() != nil {
			return
		}
		rcpt, err := m.recipient()
		if err != nil {
			t.Fatalf("Validate passed but recipient failed: %v", err)
		}
		data, err := build(from, rcpt, m, date, "id@bazi.example")
		if err != nil {
			t.Fatalf("build: %v", err)
		}
		lines := bytes.Split(data, []byte("\r\n"))
		for i, line := range lines {
			if len(line) > 998 {
				t.Fatalf("line %d is %d octets", i+1, len(line))
			}
			if bytes.ContainsAny(line, "\r\n") {
				t.Fatalf("line %d has a bare CR or LF: %q", i+1, line)
			}
			for _, b := range line {
				if b >= 0x80 {
					t.Fatalf("line %d is not 7-bit: %q", i+1, line)
				}
			}
		}

		got := smtpd.Parse(data)
		if got.ParseErr != nil {
			t.Fatalf("parse: %v\n%s", got.ParseErr, data)
		}
		if a, err := mail.ParseAddress(got.Header.Get("To")); err != nil || a.Address != rcpt.Address {
			t.Fatalf("To header %q: %v, want %q", got.Header.Get("To"), err, rcpt.Address)
		}
		wantSubj := strings.Fields(strings.ToValidUTF8(subject, "\uFFFD"))
		if gotSubj := strings.Fields(got.Subject); strings.Join(gotSubj, " ") != strings.Join(wantSubj, " ") {
			t.Fatalf("subject %q decoded as %q", subject, got.Subject)
		}
		if want := normalize(text); got.Text != want {
			t.Fatalf("text %q decoded as %q", want, got.Text)
		}
		if want := normalize(html); got.HTML != want {
			t.Fatalf("html %q decoded as %q", want, got.HTML)
		}
	})
}
