package password

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// cheap are small parameters for tests that need many hashes.
var cheap = params{memory: 64, time: 1, threads: 1, saltLen: 16, keyLen: 32}

func encodeWith(t *testing.T, p params, plain string) string {
	t.Helper()
	salt := []byte(strings.Repeat("0123456789abcdef", 4))[:p.saltLen]
	return encode(p, salt, derive(normalize(plain), salt, p))
}

func TestHashFormat(t *testing.T) {
	h, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=1$") {
		t.Fatalf("unexpected encoding %q", h)
	}
	f := strings.Split(h, "$")
	if len(f[4]) != 22 || len(f[5]) != 43 || strings.Contains(h, "=$") {
		t.Fatalf("want 16-byte salt and 32-byte hash, raw base64: %q", h)
	}
	p, _, _, err := decode(h)
	if err != nil || p != current {
		t.Fatalf("decode(Hash) = %+v, %v; want %+v", p, err, current)
	}
}

func TestRoundTrip(t *testing.T) {
	h, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	ok, rehash, err := Verify("correct horse battery staple", h)
	if !ok || rehash || err != nil {
		t.Fatalf("Verify(right) = %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
	for _, wrong := range []string{"correct horse battery stapl", "Correct horse battery staple", "", "correct horse battery staple "} {
		ok, rehash, err = Verify(wrong, h)
		if ok || rehash || err != nil {
			t.Errorf("Verify(%q) = %v, %v, %v; want false, false, nil", wrong, ok, rehash, err)
		}
	}
}

func TestSaltDiffers(t *testing.T) {
	a, err := Hash("same password twice")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Hash("same password twice")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two hashes of the same password are equal")
	}
	if strings.Split(a, "$")[4] == strings.Split(b, "$")[4] {
		t.Fatal("two hashes share a salt")
	}
}

func TestUnicodeNormalization(t *testing.T) {
	h := encodeWith(t, cheap, "caf\u00e9 pass123") // precomposed é
	for _, same := range []string{
		"cafe\u0301 pass123", // decomposed é
		"café ｐａｓｓ１２３",       // full-width, as typed with a CJK IME
	} {
		if ok, _, err := Verify(same, h); !ok || err != nil {
			t.Errorf("Verify(%q) = %v, %v; want a match", same, ok, err)
		}
	}
}

// Vectors from the reference implementation (phc-winner-argon2 CLI, Debian
// package argon2):
//
//	echo -n password | argon2 somesalt -id -t 2 -m 6 -p 1 -l 32 -e
//	echo -n "correct horse" | argon2 somesaltsomesalt -id -t 2 -k 65536 -p 1 -l 32 -e
//
// They check that the encoding and derivation interoperate.
func TestReferenceVectors(t *testing.T) {
	for _, v := range []struct {
		plain, enc string
		rehash     bool
	}{
		{"password", "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$FqGkmHNGCd0BRW2kBt6fPZ2pPmyGwwChL8FGUhTOSSI", true},
		{"correct horse", "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$6dKFi06eLdxpMoblE2YOlN8X3PMbRwSPUVV4rbOUeDs", false},
	} {
		p, salt, _, err := decode(v.enc)
		if err != nil {
			t.Fatal(err)
		}
		if got := encode(p, salt, derive([]byte(v.plain), salt, p)); got != v.enc {
			t.Errorf("got %s, want %s", got, v.enc)
		}
		if ok, rehash, err := Verify(v.plain, v.enc); !ok || rehash != v.rehash || err != nil {
			t.Errorf("Verify(%q, %s) = %v, %v, %v; want true, %v, nil", v.plain, v.enc, ok, rehash, err, v.rehash)
		}
	}
}

func TestNeedsRehash(t *testing.T) {
	weak := []params{
		{memory: 19 * 1024, time: 2, threads: 1, saltLen: 16, keyLen: 32}, // less memory
		{memory: 64 * 1024, time: 1, threads: 1, saltLen: 16, keyLen: 32}, // fewer passes
		{memory: 64 * 1024, time: 2, threads: 1, saltLen: 8, keyLen: 32},  // short salt
		{memory: 64 * 1024, time: 2, threads: 1, saltLen: 16, keyLen: 16}, // short key
	}
	for _, p := range weak {
		h := encodeWith(t, p, "a long enough password")
		ok, rehash, err := Verify("a long enough password", h)
		if !ok || !rehash || err != nil {
			t.Errorf("%s: Verify = %v, %v, %v; want true, true, nil", h, ok, rehash, err)
		}
		// A wrong password never asks for a rehash.
		if ok, rehash, _ := Verify("another password", h); ok || rehash {
			t.Errorf("%s: Verify(wrong) = %v, %v", h, ok, rehash)
		}
	}
	// Same or stronger: no rehash.
	for _, p := range []params{
		current,
		{memory: 64 * 1024, time: 2, threads: 2, saltLen: 16, keyLen: 32},
		{memory: 96 * 1024, time: 3, threads: 1, saltLen: 32, keyLen: 64},
	} {
		h := encodeWith(t, p, "a long enough password")
		if ok, rehash, err := Verify("a long enough password", h); !ok || rehash || err != nil {
			t.Errorf("%s: Verify = %v, %v, %v; want true, false, nil", h, ok, rehash, err)
		}
	}
}

func TestTamperedEncodings(t *testing.T) {
	good := encodeWith(t, cheap, "a long enough password")
	f := strings.Split(good, "$")
	salt, key := f[4], f[5]
	withParams := func(ps string) string { return "$argon2id$v=19$" + ps + "$" + salt + "$" + key }

	// Make sure nothing below reaches the derivation: every case must be
	// refused while parsing, before any memory is allocated for argon2.
	calls := 0
	onDerive = func(params, int) { calls++ }
	defer func() { onDerive = nil }()

	bad := map[string]string{
		"empty":              "",
		"garbage":            "not a hash",
		"bcrypt":             "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":            strings.Replace(good, "argon2id", "argon2i", 1),
		"argon2d":            strings.Replace(good, "argon2id", "argon2d", 1),
		"no leading $":       strings.TrimPrefix(good, "$"),
		"missing version":    "$argon2id$m=64,t=1,p=1$" + salt + "$" + key,
		"old version 16":     strings.Replace(good, "v=19", "v=16", 1),
		"version 020":        strings.Replace(good, "v=19", "v=019", 1),
		"version garbage":    strings.Replace(good, "v=19", "v=x", 1),
		"extra field":        good + "$",
		"missing hash":       "$argon2id$v=19$m=64,t=1,p=1$" + salt,
		"params reordered":   withParams("t=1,m=64,p=1"),
		"params missing":     withParams("m=64,t=1"),
		"params extra":       withParams("m=64,t=1,p=1,keyid=x"),
		"params spaces":      withParams("m=64, t=1, p=1"),
		"params sign":        withParams("m=+64,t=1,p=1"),
		"params negative":    withParams("m=64,t=-1,p=1"),
		"params leading 0":   withParams("m=064,t=1,p=1"),
		"params empty":       withParams("m=,t=1,p=1"),
		"params hex":         withParams("m=0x40,t=1,p=1"),
		"huge memory":        withParams("m=4294967295,t=1,p=1"),
		"overflowing memory": withParams("m=99999999999999999999,t=1,p=1"),
		"memory over cap":    withParams(fmt.Sprintf("m=%d,t=1,p=1", maxMemoryKiB+1)),
		"memory under 8p":    withParams("m=15,t=1,p=2"),
		"zero memory":        withParams("m=0,t=1,p=1"),
		"huge time":          withParams("m=64,t=4294967295,p=1"),
		"time over cap":      withParams(fmt.Sprintf("m=64,t=%d,p=1", maxTime+1)),
		"zero time":          withParams("m=64,t=0,p=1"),
		"zero threads":       withParams("m=64,t=1,p=0"),
		"too many threads":   withParams("m=4096,t=1,p=255"),
		"threads over uint8": withParams("m=4096,t=1,p=257"),
		"salt bad base64":    "$argon2id$v=19$m=64,t=1,p=1$" + salt[:21] + "!$" + key,
		"salt padded":        "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key,
		"salt url base64":    "$argon2id$v=19$m=64,t=1,p=1$" + strings.Repeat("_", 22) + "$" + key,
		"salt non-canonical": "$argon2id$v=19$m=64,t=1,p=1$" + salt[:21] + "B$" + key, // nonzero trailing bits
		"salt too short":     "$argon2id$v=19$m=64,t=1,p=1$c29tZQ$" + key,
		"salt empty":         "$argon2id$v=19$m=64,t=1,p=1$$" + key,
		"salt too long":      "$argon2id$v=19$m=64,t=1,p=1$" + strings.Repeat("A", 120) + "$" + key,
		"hash bad base64":    "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:42] + "*",
		"hash too short":     "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:16],
		"hash too long":      "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + strings.Repeat("A", 100),
		"whole thing long":   good + strings.Repeat("A", maxEncodedLn),
	}
	for name, enc := range bad {
		t.Run(name, func(t *testing.T) {
			ok, rehash, err := Verify("a long enough password", enc)
			if ok || rehash || !errors.Is(err, ErrInvalidHash) {
				t.Fatalf("Verify(%q) = %v, %v, %v; want false, false, ErrInvalidHash", enc, ok, rehash, err)
			}
		})
	}
	if calls != 0 {
		t.Fatalf("%d refused encodings reached argon2", calls)
	}
	// The untampered encoding does verify.
	if ok, _, err := Verify("a long enough password", good); !ok || err != nil {
		t.Fatalf("Verify(good) = %v, %v", ok, err)
	}
}

func TestErrorDoesNotLeakHash(t *testing.T) {
	_, _, err := Verify("x", "$argon2id$v=19$m=64,t=1,p=1$c2VjcmV0c2FsdHNlY3JldA$!!!!")
	if err == nil || strings.Contains(err.Error(), "c2VjcmV0") {
		t.Fatalf("error %v", err)
	}
}

func TestDummyHashUsesCurrentParams(t *testing.T) {
	p, _, _, err := decode(dummyHash)
	if err != nil || p != current {
		h, _ := Hash(strings.Repeat("x", 40) + fmt.Sprint(t.Name()))
		t.Fatalf("dummyHash has params %+v (err %v), want %+v; regenerate it, e.g.\n%s", p, err, current, h)
	}
}

// VerifyDummy must take as long as a wrong-password Verify. Rather than time
// them (no timed tests), check that both run exactly the same derivation:
// same parameters, salt and key lengths, password length, and one call each.
func TestVerifyDummyDoesSameWorkAsVerify(t *testing.T) {
	stored, err := Hash("the real password of a real account")
	if err != nil {
		t.Fatal(err)
	}
	type call struct {
		p   params
		len int
	}
	var mu sync.Mutex
	var calls []call
	onDerive = func(p params, n int) {
		mu.Lock()
		calls = append(calls, call{p, n})
		mu.Unlock()
	}
	defer func() { onDerive = nil }()

	for _, attempt := range []string{"a wrong guess", "", "ünïcödé guess", strings.Repeat("long ", 200)} {
		calls = nil
		if ok, _, err := Verify(attempt, stored); ok || err != nil {
			t.Fatalf("Verify(%q) = %v, %v", attempt, ok, err)
		}
		VerifyDummy(attempt)
		if len(calls) != 2 {
			t.Fatalf("%q: %d derivations, want one for Verify and one for VerifyDummy", attempt, len(calls))
		}
		if calls[0] != calls[1] {
			t.Fatalf("%q: Verify derived with %+v, VerifyDummy with %+v", attempt, calls[0], calls[1])
		}
		if calls[0].p != current {
			t.Fatalf("%q: derived with %+v, want current %+v", attempt, calls[0].p, current)
		}
	}
}

func FuzzVerify(f *testing.F) {
	f.Add("password", "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$FqGkmHNGCd0BRW2kBt6fPZ2pPmyGwwChL8FGUhTOSSI")
	f.Add("x", "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHQ$FqGkmHNGCd0BRW2kBt6fPZ2pPmyGwwChL8FGUhTOSSI")
	f.Add("x", "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$FqGkmHNGCd0BRW2kBt6fPZ2pPmyGwwChL8FGUhTOSSI")
	f.Add("", "")
	f.Add("", "$$$$$")
	f.Add("p", "$argon2id$v=19$m=64,t=1,p=1$$")
	f.Fuzz(func(t *testing.T, plain, encoded string) {
		p, _, _, err := decode(encoded)
		if err != nil {
			if !errors.Is(err, ErrInvalidHash) {
				t.Fatalf("decode error %v does not wrap ErrInvalidHash", err)
			}
		} else if p.memory > maxMemoryKiB || p.time > maxTime || p.threads > maxThreads || p.threads < 1 {
			t.Fatalf("decode accepted out-of-bounds params %+v", p)
		} else if p.memory > 1024 || p.time > 2 {
			// Within the caps but slow for a fuzzer (up to 256 MiB and
			// 10 passes per input): parsing is what is being fuzzed here.
			return
		}
		ok, rehash, err := Verify(plain, encoded)
		if err != nil && (ok || rehash) {
			t.Fatalf("Verify = %v, %v, %v", ok, rehash, err)
		}
		if rehash && !ok {
			t.Fatal("needsRehash without a match")
		}
	})
}

func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		if _, err := Hash("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	h, err := Hash("correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		Verify("a wrong guess at the password", h)
	}
}

func BenchmarkVerifyDummy(b *testing.B) {
	for b.Loop() {
		VerifyDummy("a wrong guess at the password")
	}
}
