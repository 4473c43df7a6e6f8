package question

import (
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	for _, c := range []struct {
		in, want, code string
	}{
		{"  Will it rain?\n", "Will it rain?", ""},
		{"第一行\n第二行", "第一行\n第二行", ""},
		{strings.Repeat("問", 300), strings.Repeat("問", 300), ""},
		{strings.Repeat("問", 301), "", "too_long"},
		{"a\x00b", "", "invalid_text"},
		{"a\x07b", "", "invalid_text"},
		{"\xff", "", "invalid_text"},
	} {
		got, ferr := Clean(c.in)
		code := ""
		if ferr != nil {
			code = ferr.Code
			if ferr.Field != "question" {
				t.Errorf("%q: field %q", c.in, ferr.Field)
			}
		}
		if got != c.want || code != c.code {
			t.Errorf("Clean(%q) = %q, %q; want %q, %q", c.in, got, code, c.want, c.code)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "q", " 问 ", "\x00", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, ferr := Clean(s)
		if ferr != nil {
			return
		}
		if again, ferr := Clean(q); ferr != nil || again != q {
			t.Fatalf("a clean question %q does not stay clean", q)
		}
	})
}
