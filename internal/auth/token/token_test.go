package token

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newSigner(secret string) (*Signer, *clock) {
	clk := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	return NewSigner(secret, clk.now), clk
}

func current(state string) func(int64) (string, bool, error) {
	return func(int64) (string, bool, error) { return state, true, nil }
}

func TestRoundTripAndSingleUse(t *testing.T) {
	s, _ := newSigner(strings.Repeat("k", 32))
	tok := s.Sign(Reset, 42, 30*time.Minute, "hash-1|0")
	if len(tok) != EncodedLen || strings.ContainsAny(tok, "+/=") {
		t.Fatalf("token %q is not fixed-length base64url", tok)
	}
	id, err := s.Check(tok, Reset, current("hash-1|0"))
	if err != nil || id != 42 {
		t.Fatalf("Check = %d, %v", id, err)
	}
	// The state changed (password reset, epoch bumped): the same link is refused.
	if _, err := s.Check(tok, Reset, current("hash-2|1")); !errors.Is(err, ErrUsed) {
		t.Fatalf("after the state changed: %v", err)
	}
	// The account is gone.
	gone := func(int64) (string, bool, error) { return "", false, nil }
	if _, err := s.Check(tok, Reset, gone); !errors.Is(err, ErrUsed) {
		t.Fatalf("deleted account: %v", err)
	}
	// The lookup failing is passed through, not mistaken for a bad token.
	boom := errors.New("db down")
	if _, err := s.Check(tok, Reset, func(int64) (string, bool, error) { return "", false, boom }); !errors.Is(err, boom) {
		t.Fatalf("lookup error: %v", err)
	}
}

func TestExpiry(t *testing.T) {
	s, clk := newSigner(strings.Repeat("k", 32))
	tok := s.Sign(Reset, 1, 30*time.Minute, "st")
	clk.t = clk.t.Add(29*time.Minute + 59*time.Second)
	if _, err := s.Check(tok, Reset, current("st")); err != nil {
		t.Fatalf("within 30 minutes: %v", err)
	}
	clk.t = clk.t.Add(time.Second)
	if _, err := s.Check(tok, Reset, current("st")); !errors.Is(err, ErrExpired) {
		t.Fatalf("at 30 minutes: %v", err)
	}
	past := s.SignUntil(Verify, 1, clk.t.Add(-time.Hour), "st")
	if _, err := s.Check(past, Verify, current("st")); !errors.Is(err, ErrExpired) {
		t.Fatalf("signed already expired: %v", err)
	}
}

func TestRefusesForgeries(t *testing.T) {
	s, _ := newSigner(strings.Repeat("k", 32))
	other, _ := newSigner(strings.Repeat("x", 32))
	tok := s.Sign(Verify, 7, time.Hour, "a@example.com|unverified")

	raw, _ := base64.RawURLEncoding.DecodeString(tok)
	flip := func(i int) string {
		b := append([]byte(nil), raw...)
		b[i] ^= 1
		return base64.RawURLEncoding.EncodeToString(b)
	}
	cases := map[string]string{
		"empty":              "",
		"garbage":            "not a token",
		"truncated":          tok[:len(tok)-1],
		"extended":           tok + "A",
		"padded std base64":  base64.StdEncoding.EncodeToString(raw),
		"other user id":      flip(9),
		"longer expiry":      flip(17),
		"other fingerprint":  flip(20),
		"altered mac":        flip(len(raw) - 1),
		"version":            flip(0),
		"other secret":       other.Sign(Verify, 7, time.Hour, "a@example.com|unverified"),
		"non-canonical tail": tok[:len(tok)-1] + string(tok[len(tok)-1]^1),
	}
	for name, bad := range cases {
		if _, err := s.Check(bad, Verify, current("a@example.com|unverified")); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: got %v, want ErrInvalid", name, err)
		}
	}
	// A genuine token of another purpose is refused too.
	if _, err := s.Check(tok, Reset, current("a@example.com|unverified")); !errors.Is(err, ErrInvalid) {
		t.Errorf("verify token accepted as a reset token: %v", err)
	}
}

// The fingerprint depends on the purpose and the user, so two users (or two
// purposes) with the same state never share a token.
func TestFingerprintIsScoped(t *testing.T) {
	s, _ := newSigner(strings.Repeat("k", 32))
	c1, _ := s.Open(s.Sign(Reset, 1, time.Hour, "same"), Reset)
	c2, _ := s.Open(s.Sign(Reset, 2, time.Hour, "same"), Reset)
	if string(c1.fp) == string(c2.fp) {
		t.Fatal("two users with the same state got the same fingerprint")
	}
	if !s.Bound(c1, "same") || s.Bound(c1, "other") {
		t.Fatal("Bound wrong")
	}
}

func FuzzOpen(f *testing.F) {
	s, _ := newSigner(strings.Repeat("k", 32))
	f.Add(s.Sign(Reset, 1, time.Hour, "x"))
	f.Add("")
	f.Add(strings.Repeat("A", EncodedLen))
	f.Fuzz(func(t *testing.T, tok string) {
		c, err := s.Open(tok, Reset)
		if err == nil && c.UserID != 1 {
			t.Fatalf("forged token accepted: %+v", c)
		}
	})
}
