// Package password hashes, verifies and vets account passwords.
//
// Hashing uses argon2id (RFC 9106) with a random 16-byte salt per hash and a
// 32-byte key, stored in the PHC string format used by the reference
// implementation:
//
//	$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>
//
// where salt and hash are standard base64 without padding.
//
// # Parameters
//
// The current parameters are m=64 MiB, t=2, p=1. They were measured on the
// project's 2-core server class (AMD EPYC, 2 vCPU) at about 60 ms per hash,
// inside the 50–100 ms target, and well above the OWASP minimum for argon2id
// (m=19 MiB, t=2, p=1). p=1 keeps one sign-in on one core so that the other
// core keeps serving pages; p=2 would halve latency but double the CPU taken
// from concurrent requests. To bound memory under a burst of sign-ins, at
// most GOMAXPROCS derivations run at once (extra callers wait), so the hashing
// memory is at most GOMAXPROCS × 64 MiB for hashes with current parameters
// (and never more than GOMAXPROCS × maxMemoryKiB for any accepted hash).
//
// Stored hashes whose parameters are weaker than the current ones still
// verify, and Verify reports needsRehash so that the caller can store a new
// hash while it has the plain password at hand (after a successful sign-in).
//
// # Unicode
//
// Passwords are normalised to Unicode NFKC before hashing and before the
// policy check (NIST SP 800-63B §5.1.1.2), so the same password typed as
// precomposed or decomposed characters, or with a full-width input method
// (common with Chinese IMEs: "ｐａｓｓ１２３" is "pass123"), gives the same hash.
//
// # Unknown accounts
//
// Sign-in must fail with the same generic error, and take about the same
// time, whether the email is unknown or the password is wrong. For an
// unknown email call VerifyDummy with the submitted password: it runs the
// same code path as Verify (parse, derive with the current parameters,
// constant-time compare) against a fixed hash, and discards the result.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// params are argon2id cost parameters plus the salt and key lengths.
type params struct {
	memory  uint32 // KiB
	time    uint32 // passes
	threads uint8  // lanes
	saltLen int    // bytes
	keyLen  int    // bytes
}

// current are the parameters Hash uses; see the package documentation.
var current = params{
	memory:  64 * 1024,
	time:    2,
	threads: 1,
	saltLen: 16,
	keyLen:  32,
}

// Bounds on what a stored hash may ask for. They are checked before anything
// is allocated, so a tampered or corrupted hash such as m=4294967295 cannot
// make Verify allocate gigabytes or run for minutes.
const (
	maxMemoryKiB = 256 * 1024 // 256 MiB
	maxTime      = 10
	maxThreads   = 16
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 64
	maxEncodedLn = 256 // longest encoded hash accepted, in bytes
)

// ErrInvalidHash is returned (wrapped) by Verify when the stored encoding is
// not an argon2id PHC string this package accepts: malformed, another
// algorithm or version, or parameters outside the bounds above. It indicates
// corrupted data, not a wrong password.
var ErrInvalidHash = errors.New("password: invalid encoded hash")

// dummyHash is the hash of 32 random bytes (discarded, never stored) with a
// random salt, made with the current parameters. VerifyDummy verifies against it. TestDummyHashUsesCurrentParams
// fails if current changes without regenerating it (the test prints a new one).
const dummyHash = "$argon2id$v=19$m=65536,t=2,p=1$jniPAyi9a1KLjYiCX99G1A$cvUFsjRXL2TYmVKEnv7MevoWR/Dn69IpbqvJuvSXea8"

// slots bounds the number of argon2 derivations running at once, and so the
// memory they take.
var slots = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))

// onDerive, when set (tests only), is called with the parameters and the
// normalised password length of every derivation. It lets tests check that
// VerifyDummy and Verify do the same work without timing anything.
var onDerive func(p params, passwordLen int)

// derive is the only place a key is derived; Hash, Verify and VerifyDummy
// all go through it.
func derive(plain []byte, salt []byte, p params) []byte {
	if onDerive != nil {
		onDerive(p, len(plain))
	}
	slots <- struct{}{}
	defer func() { <-slots }()
	return argon2.IDKey(plain, salt, p.time, p.memory, p.threads, uint32(p.keyLen))
}

// normalize returns the bytes that are hashed for plain.
func normalize(plain string) []byte {
	return norm.NFKC.Bytes([]byte(plain))
}

// Hash returns an argon2id PHC string for plain, with a fresh random salt.
// It does not apply the policy; call Check first when setting a password.
func Hash(plain string) (string, error) {
	salt := make([]byte, current.saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: reading salt: %w", err)
	}
	key := derive(normalize(plain), salt, current)
	return encode(current, salt, key), nil
}

// Verify reports whether plain matches the encoded hash. A wrong password is
// ok=false with a nil error; err is non-nil (wrapping ErrInvalidHash) only
// when encoded cannot be used. needsRehash is true when the password matched
// but the hash was made with parameters weaker than the current ones; the
// caller should then store Hash(plain).
func Verify(plain, encoded string) (ok bool, needsRehash bool, err error) {
	p, salt, want, err := decode(encoded)
	if err != nil {
		return false, false, err
	}
	got := derive(normalize(plain), salt, p)
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	return true, weaker(p, current), nil
}

// VerifyDummy does the work of a Verify with the current parameters against
// a fixed hash and discards the result. Call it when no account matches the
// submitted email, so that the response takes as long as for a wrong
// password and does not reveal whether the account exists.
func VerifyDummy(plain string) {
	// dummyHash is valid (see the tests); the outcome is deliberately ignored.
	_, _, _ = Verify(plain, dummyHash)
}

// weaker reports whether stored costs less than (or is shorter than) want.
func weaker(stored, want params) bool {
	return stored.memory < want.memory ||
		stored.time < want.time ||
		stored.saltLen < want.saltLen ||
		stored.keyLen < want.keyLen
}

var b64 = base64.RawStdEncoding.Strict()

func encode(p params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidHash, fmt.Sprintf(format, args...))
}

// decode parses and bounds-checks a PHC argon2id string. It never panics
// and allocates only in proportion to len(encoded), which is itself bounded.
func decode(encoded string) (p params, salt, key []byte, err error) {
	if len(encoded) > maxEncodedLn {
		return p, nil, nil, invalid("too long")
	}
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
	f := strings.Split(encoded, "$")
	if len(f) != 6 || f[0] != "" {
		return p, nil, nil, invalid("want 5 $-separated fields")
	}
	if f[1] != "argon2id" {
		return p, nil, nil, invalid("unsupported algorithm")
	}
	v, ok := strings.CutPrefix(f[2], "v=")
	if !ok {
		return p, nil, nil, invalid("missing version")
	}
	if ver, err := parseDecimal(v, 0xff); err != nil || ver != argon2.Version {
		return p, nil, nil, invalid("unsupported version")
	}

	kv := strings.Split(f[3], ",")
	if len(kv) != 3 {
		return p, nil, nil, invalid("want m, t and p parameters")
	}
	var vals [3]uint64
	for i, name := range [3]string{"m=", "t=", "p="} {
		s, ok := strings.CutPrefix(kv[i], name)
		if !ok {
			return p, nil, nil, invalid("want parameter %q at position %d", name[:1], i+1)
		}
		if vals[i], err = parseDecimal(s, 1<<32-1); err != nil {
			return p, nil, nil, invalid("parameter %q: %v", name[:1], err)
		}
	}
	m, t, th := vals[0], vals[1], vals[2]
	switch {
	case th < 1 || th > maxThreads:
		return p, nil, nil, invalid("p out of range")
	case t < 1 || t > maxTime:
		return p, nil, nil, invalid("t out of range")
	case m < 8*th || m > maxMemoryKiB:
		return p, nil, nil, invalid("m out of range")
	}
	p.memory, p.time, p.threads = uint32(m), uint32(t), uint8(th)

	if n := b64.DecodedLen(len(f[4])); n < minSaltLen || n > maxSaltLen {
		return p, nil, nil, invalid("salt length out of range")
	}
	if n := b64.DecodedLen(len(f[5])); n < minKeyLen || n > maxKeyLen {
		return p, nil, nil, invalid("hash length out of range")
	}
	if salt, err = b64.DecodeString(f[4]); err != nil {
		return p, nil, nil, invalid("salt: bad base64")
	}
	if key, err = b64.DecodeString(f[5]); err != nil {
		return p, nil, nil, invalid("hash: bad base64")
	}
	p.saltLen, p.keyLen = len(salt), len(key)
	return p, salt, key, nil
}

// parseDecimal parses a PHC decimal: ASCII digits, no sign, no leading zero
// (except "0" itself), at most limit.
func parseDecimal(s string, limit uint64) (uint64, error) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, errors.New("not a canonical decimal")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errors.New("not a canonical decimal")
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > limit {
		return 0, errors.New("out of range")
	}
	return n, nil
}
