// Package question checks the question a person asks of a divination (an
// I Ching cast, a Tarot draw): the same rule for every module, in every
// form, API and CLI.
package question

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bazi-master/bazi-master/bazi"
)

// Max is the longest question, in characters (runes).
const Max = 300

// Clean is the question trimmed, or a field error on "question" when it
// holds a NUL byte, invalid UTF-8 or another control character than a
// line break or tab, or is over Max characters.
func Clean(q string) (string, *bazi.FieldError) {
	if !utf8.ValidString(q) {
		return "", invalid()
	}
	for _, c := range q {
		if unicode.IsControl(c) && c != '\n' && c != '\r' && c != '\t' {
			return "", invalid()
		}
	}
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) > Max {
		return "", &bazi.FieldError{Field: "question", Code: "too_long", Message: "The question must be at most 300 characters."}
	}
	return q, nil
}

func invalid() *bazi.FieldError {
	return &bazi.FieldError{Field: "question", Code: "invalid_text", Message: "The question must be plain text."}
}
