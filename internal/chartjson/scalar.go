package chartjson

// This file appends the document's scalars exactly as encoding/json (and
// the goccy/go-json the app is configured with) writes them: strings with
// the HTML escapes, floats in encoding/json's 'f'/'e' forms, times as
// RFC 3339 with nanoseconds.

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

const hex = "0123456789abcdef"

// safe[b] is true for the ASCII bytes encoding/json writes as they are with
// HTML escaping on: printable ASCII (and DEL) except '"', '\\', '<', '>', '&'.
var safe = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = true
	}
	t['"'], t['\\'], t['<'], t['>'], t['&'] = false, false, false, false, false
	return t
}()

// appendString appends s as a JSON string, escaped as encoding/json.Marshal
// escapes it: \" \\ \b \f \n \r \t, other control characters and < > & as
// \u00XX, U+2028 and U+2029 as \u2028 and \u2029, and each byte of invalid
// UTF-8 as \ufffd.
func appendString(dst []byte, s string) []byte {
	if needsEscape(s) {
		return appendEscaped(dst, s)
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

// needsEscape reports whether s has a byte appendString escapes: an ASCII byte
// outside safe, U+2028, U+2029 or invalid UTF-8. It validates the UTF-8
// sequences in the same pass (the names in a chart are mostly Chinese).
func needsEscape(s string) bool {
	n := len(s)
	for i := 0; i < n; {
		c := s[i]
		if c < utf8.RuneSelf {
			if !safe[c] {
				return true
			}
			i++
			continue
		}
		switch {
		case c >= 0xC2 && c <= 0xDF:
			if i+1 >= n || s[i+1]&0xC0 != 0x80 {
				return true
			}
			i += 2
		case c >= 0xE0 && c <= 0xEF:
			if i+2 >= n || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
				return true
			}
			switch c {
			case 0xE0: // no overlong forms
				if s[i+1] < 0xA0 {
					return true
				}
			case 0xED: // no surrogates
				if s[i+1] > 0x9F {
					return true
				}
			case 0xE2: // U+2028, U+2029
				if s[i+1] == 0x80 && s[i+2]&^1 == 0xA8 {
					return true
				}
			}
			i += 3
		case c >= 0xF0 && c <= 0xF4:
			if i+3 >= n || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 || s[i+3]&0xC0 != 0x80 ||
				c == 0xF0 && s[i+1] < 0x90 || c == 0xF4 && s[i+1] > 0x8F {
				return true
			}
			i += 4
		default:
			return true
		}
	}
	return false
}

// appendEscaped is appendString for a string with something to escape; it follows
// encoding/json's appendString.
func appendEscaped(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if safe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendFloat appends the float64 f as encoding/json writes it: the shortest
// decimal, in the form 'f' for 1e-6 <= |f| < 1e21 (and 0, -0 as "-0") and
// 'e' otherwise with a one-digit negative exponent not zero-padded
// ("1e-7"). NaN and the infinities, which encoding/json refuses, are
// written as strconv writes them.
func appendFloat(dst []byte, f float64) []byte {
	// Integers below 2^53 in magnitude: their 'f' form is their integer form.
	if i := int64(f); float64(i) == f && i != 0 && -1<<53 < i && i < 1<<53 {
		return strconv.AppendInt(dst, i, 10)
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.AppendFloat(dst, f, 'g', -1, 64)
	}
	abs := math.Abs(f)
	fmt := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		fmt = 'e'
	}
	dst = strconv.AppendFloat(dst, f, fmt, -1, 64)
	if fmt == 'e' {
		// clean up e-09 to e-9
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// appendInt appends v in decimal (years and ages, below 10,000, without strconv).
func appendInt(dst []byte, v int64) []byte {
	if uint64(v) >= 10000 {
		return strconv.AppendInt(dst, v, 10)
	}
	switch {
	case v < 10:
		return append(dst, byte('0'+v))
	case v < 100:
		return append(dst, byte('0'+v/10), byte('0'+v%10))
	case v < 1000:
		return append(dst, byte('0'+v/100), byte('0'+v/10%10), byte('0'+v%10))
	}
	return append(dst, byte('0'+v/1000), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

// appendBool appends true or false.
func appendBool(dst []byte, v bool) []byte {
	if v {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}

// appendTime appends t as time.Time.MarshalJSON writes it: quoted RFC 3339 with
// nanoseconds. (A time MarshalJSON refuses — a year outside 0–9999 — is
// written as ""; encoding/json would fail the whole document.)
func appendTime(dst []byte, t time.Time) []byte {
	dst = append(dst, '"')
	if out, err := t.AppendText(dst); err == nil {
		dst = out
	}
	return append(dst, '"')
}

// appendStrings appends a []string: null when nil, else an array of strings.
func appendStrings(dst []byte, ss []string) []byte {
	if ss == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s)
	}
	return append(dst, ']')
}
