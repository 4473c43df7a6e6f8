// Package textguard finds text that no field may hold: a NUL byte or bytes
// that are not UTF-8. PostgreSQL refuses both in text columns, so such a
// value must be refused where it arrives, naming its field, before any
// handler passes it on. It checks URL queries, form bodies and JSON bodies
// (including \u0000 escapes, which decode to NUL).
package textguard

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// Valid reports whether s may be stored as text.
func Valid[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return false
		}
	}
	return utf8.Valid([]byte(s))
}

// Args is what url.Values and fasthttp's Args both offer: each key with its
// value.
type Args interface {
	VisitAll(func(key, value []byte))
}

// ArgsField returns the first key whose name or value is not valid text.
func ArgsField(a Args) (field string, bad bool) {
	a.VisitAll(func(k, v []byte) {
		if bad || (Valid(k) && Valid(v)) {
			return
		}
		field, bad = fieldName(k), true
	})
	return field, bad
}

// JSONField reports whether a JSON body holds a string (key or value) that
// decodes to invalid text, and names the member it belongs to. Valid bodies
// cost one pass over the bytes; only a suspicious one is decoded.
func JSONField(body []byte) (field string, bad bool) {
	if Valid(body) && !hasNULEscape(body) {
		return "", false
	}
	// Find the member: walk the tokens, checking each one's raw bytes (the
	// decoder would quietly turn invalid UTF-8 into U+FFFD), and remember
	// the last key.
	dec := json.NewDecoder(bytes.NewReader(body))
	key, expectKey := "", false
	var stack []bool // per open container: is it an object?
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			// Malformed JSON (the decoder that follows refuses it as such)
			// or bad bytes outside any string: name the last member read.
			return key, true
		}
		raw := body[start:dec.InputOffset()]
		bad := !Valid(raw) || hasNULEscape(raw)
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{':
				stack = append(stack, true)
			case '[':
				stack = append(stack, false)
			default:
				stack = stack[:len(stack)-1]
			}
			expectKey = d == '{' || (d != '[' && len(stack) > 0 && stack[len(stack)-1])
			continue
		}
		if s, ok := tok.(string); ok && expectKey {
			if bad {
				return fieldName([]byte(s)), true
			}
			key, expectKey = s, false
			continue
		}
		if bad {
			return key, true
		}
		expectKey = len(stack) > 0 && stack[len(stack)-1]
	}
}

// hasNULEscape finds \u0000 that is an escape, not an escaped backslash
// followed by "u0000".
func hasNULEscape(b []byte) bool {
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(`u0000`))
		if j < 0 {
			return false
		}
		j += i
		n := 0
		for k := j - 1; k >= 0 && b[k] == '\\'; k-- {
			n++
		}
		if n%2 == 1 {
			return true
		}
		i = j + 1
	}
}

// fieldName is a key as it can be shown: invalid bytes dropped, bounded.
func fieldName(k []byte) string {
	r := []rune(string(bytes.ToValidUTF8(bytes.ReplaceAll(k, []byte{0}, nil), nil)))
	if len(r) > 40 {
		r = r[:40]
	}
	return string(r)
}
