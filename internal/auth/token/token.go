// Package token signs and checks the single-use links sent by e-mail
// (address verification and password reset).
//
// A token is base64url (no padding) of a fixed 66-byte layout:
//
//	version(1) purpose(1) userID(8) expiry(8, Unix seconds) fingerprint(16) mac(32)
//
// where mac is HMAC-SHA256 over everything before it, keyed with a key
// derived from SESSION_TOKEN_SECRET (so a session cookie's MAC can never be
// replayed as a link, or the other way round).
//
// Tokens are stateless: nothing is stored when one is issued. They are made
// single-use by binding them to the state they change. The fingerprint is a
// keyed hash of a "state" string the caller chooses (for a reset: the e-mail,
// the current password hash and the session epoch; for a verification: the
// address and whether it is verified yet). Using the link changes that state,
// so the same link is refused the second time, and so is any older link.
// The fingerprint is keyed, so a token reveals nothing of the state.
package token

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"time"
)

// Purpose says what a token may be used for; a token of one purpose is
// refused for another.
type Purpose byte

const (
	// Verify proves ownership of an e-mail address.
	Verify Purpose = 1
	// Reset lets the holder choose a new password.
	Reset Purpose = 2
)

func (p Purpose) String() string {
	switch p {
	case Verify:
		return "verify"
	case Reset:
		return "reset"
	}
	return "unknown"
}

// Errors returned by Check. Callers show one general page for ErrInvalid
// (never saying which check failed) and may say "expired" or "already used"
// for the others, which are only reached once the signature is valid.
var (
	// ErrInvalid: not a token, altered, signed with another secret, or for
	// another purpose.
	ErrInvalid = errors.New("token: invalid")
	// ErrExpired: genuine but past its expiry.
	ErrExpired = errors.New("token: expired")
	// ErrUsed: genuine and in time, but the state it was bound to has
	// changed (the link was used, or a newer action superseded it), or the
	// account is gone.
	ErrUsed = errors.New("token: already used or superseded")
)

const (
	version    = 1
	fpLen      = 16
	macLen     = sha256.Size
	payloadLen = 1 + 1 + 8 + 8 + fpLen
	rawLen     = payloadLen + macLen
)

// EncodedLen is the length of every token string.
var EncodedLen = base64.RawURLEncoding.EncodedLen(rawLen)

// Signer issues and checks tokens with one secret.
type Signer struct {
	key []byte
	now func() time.Time
}

// NewSigner returns a Signer keyed from secret (SESSION_TOKEN_SECRET). now
// is the clock used for expiry; nil means time.Now.
func NewSigner(secret string, now func() time.Time) *Signer {
	if now == nil {
		now = time.Now
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("bazi-master e-mail link tokens v1"))
	return &Signer{key: m.Sum(nil), now: now}
}

// Sign returns a token for purpose and user that expires after ttl and is
// bound to state.
func (s *Signer) Sign(p Purpose, userID int64, ttl time.Duration, state string) string {
	return s.SignUntil(p, userID, s.now().Add(ttl), state)
}

// SignUntil is Sign with an absolute expiry (tests use it for a token that
// has already expired).
func (s *Signer) SignUntil(p Purpose, userID int64, expires time.Time, state string) string {
	raw := make([]byte, payloadLen, rawLen)
	raw[0], raw[1] = version, byte(p)
	binary.BigEndian.PutUint64(raw[2:10], uint64(userID))
	binary.BigEndian.PutUint64(raw[10:18], uint64(expires.Unix()))
	copy(raw[18:], s.fingerprint(p, userID, state))
	raw = append(raw, s.mac(raw)...)
	return base64.RawURLEncoding.EncodeToString(raw)
}

// Claims is what a genuine token says.
type Claims struct {
	Purpose Purpose
	UserID  int64
	Expires time.Time
	fp      []byte
}

// Open checks the token's form, signature, purpose and expiry, and returns
// its claims. It does not check the state: call Claims.Bound (or use Check).
func (s *Signer) Open(tok string, p Purpose) (Claims, error) {
	if len(tok) != EncodedLen {
		return Claims{}, ErrInvalid
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(tok)
	if err != nil || len(raw) != rawLen {
		return Claims{}, ErrInvalid
	}
	payload, mac := raw[:payloadLen], raw[payloadLen:]
	if !hmac.Equal(mac, s.mac(payload)) {
		return Claims{}, ErrInvalid
	}
	if payload[0] != version || Purpose(payload[1]) != p {
		return Claims{}, ErrInvalid
	}
	c := Claims{
		Purpose: p,
		UserID:  int64(binary.BigEndian.Uint64(payload[2:10])),
		Expires: time.Unix(int64(binary.BigEndian.Uint64(payload[10:18])), 0),
		fp:      payload[18:],
	}
	if !s.now().Before(c.Expires) {
		return c, ErrExpired
	}
	return c, nil
}

// Bound reports whether the claims were issued for state.
func (s *Signer) Bound(c Claims, state string) bool {
	return hmac.Equal(c.fp, s.fingerprint(c.Purpose, c.UserID, state))
}

// Check opens the token and compares it with the user's current state,
// which the caller looks up from the user id. current returns ok=false when
// the user no longer exists (reported as ErrUsed); its error is returned
// as is. On success it returns the user id.
func (s *Signer) Check(tok string, p Purpose, current func(userID int64) (state string, ok bool, err error)) (int64, error) {
	c, err := s.Open(tok, p)
	if err != nil {
		return 0, err
	}
	state, ok, err := current(c.UserID)
	if err != nil {
		return 0, err
	}
	if !ok || !s.Bound(c, state) {
		return 0, ErrUsed
	}
	return c.UserID, nil
}

func (s *Signer) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("mac\x00"))
	m.Write(payload)
	return m.Sum(nil)
}

func (s *Signer) fingerprint(p Purpose, userID int64, state string) []byte {
	m := hmac.New(sha256.New, s.key)
	var head [12]byte // "fp" purpose 0 userID
	head[0], head[1], head[2] = 'f', 'p', byte(p)
	binary.BigEndian.PutUint64(head[4:], uint64(userID))
	m.Write(head[:])
	m.Write([]byte(state))
	return m.Sum(nil)[:fpLen]
}
