package password

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"
)

// Policy bounds. Lengths are counted in Unicode code points after NFKC
// normalisation; MaxBytes bounds the raw input first, so that a huge
// submission is refused before any work proportional to it is done.
const (
	MinLength = 10
	MaxLength = 128
	MaxBytes  = 1024
)

// Problem codes returned by Check. The UI translates them.
const (
	CodeTooShort   = "too_short"
	CodeTooLong    = "too_long"
	CodeTooCommon  = "too_common"
	CodeRepetitive = "repetitive"
)

// Problem says why a new password was refused. It deliberately does not
// implement error: a nil *Problem stored in an error interface would not
// compare equal to nil.
type Problem struct {
	Code string
}

// Check applies the password policy to a new password (sign-up, reset,
// change) and returns nil when it is acceptable. Checks, in order: at most
// MaxBytes bytes and MaxLength characters (too_long), at least MinLength
// characters (too_short), not one character repeated (repetitive), not in
// the list of common passwords, compared case-insensitively (too_common).
func Check(plain string) *Problem {
	if len(plain) > MaxBytes {
		return &Problem{Code: CodeTooLong}
	}
	s := string(normalize(plain))
	n := utf8.RuneCountInString(s)
	switch {
	case n > MaxLength:
		return &Problem{Code: CodeTooLong}
	case n < MinLength:
		return &Problem{Code: CodeTooShort}
	case repetitive(s):
		return &Problem{Code: CodeRepetitive}
	case isCommon(s):
		return &Problem{Code: CodeTooCommon}
	}
	return nil
}

// repetitive reports whether s is one character repeated.
func repetitive(s string) bool {
	first, size := utf8.DecodeRuneInString(s)
	for _, r := range s[size:] {
		if r != first {
			return false
		}
	}
	return true
}

// commonGz is the list of common passwords, lower-cased, one per line; see
// LICENSE-DATA.md for its source and how to regenerate it.
//
//go:embed common-passwords.txt.gz
var commonGz []byte

var (
	commonOnce sync.Once
	common     map[string]struct{}
)

// commonSet decompresses the embedded list on first use.
func commonSet() map[string]struct{} {
	commonOnce.Do(func() {
		common = loadCommon(commonGz)
	})
	return common
}

func loadCommon(gz []byte) map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		panic("password: embedded common-password list: " + err.Error())
	}
	set := make(map[string]struct{}, 50000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			// Normalise as Check does, so the comparison holds whatever
			// the generator wrote.
			set[foldKey(line)] = struct{}{}
		}
	}
	if err := sc.Err(); err != nil {
		panic("password: embedded common-password list: " + err.Error())
	}
	return set
}

// foldKey is the case-insensitive form of an NFKC-normalised password.
func foldKey(s string) string {
	return strings.ToLower(string(normalize(s)))
}

func isCommon(normalized string) bool {
	_, ok := commonSet()[strings.ToLower(normalized)]
	return ok
}
