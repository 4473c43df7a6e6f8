package password

import (
	"bytes"
	"compress/gzip"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	cases := []struct {
		plain string
		want  string // "" for accepted
	}{
		{"", CodeTooShort},
		{"short", CodeTooShort},
		{"nine char", CodeTooShort},                   // 9
		{"ten chars!", ""},                            // 10
		{"八字命理与紫微斗数之学", ""},                           // 11 runes, 33 bytes
		{"八字命理紫微斗数", CodeTooShort},                    // 8 runes though 24 bytes
		{strings.Repeat("é", 9), CodeTooShort},        // 18 bytes, 9 runes
		{strings.Repeat("ab", 64), ""},                // 128
		{strings.Repeat("ab", 64) + "c", CodeTooLong}, // 129
		{strings.Repeat("字", 128), CodeRepetitive},
		{strings.Repeat("字", 127) + "符", ""}, // 128 runes, 384 bytes
		{strings.Repeat("字", 129), CodeTooLong},
		{strings.Repeat("x", MaxBytes+1), CodeTooLong}, // refused on bytes alone
		{strings.Repeat("x", 1<<20), CodeTooLong},
		{"aaaaaaaaaa", CodeRepetitive},
		{"          ", CodeRepetitive},
		{"1111111111111", CodeRepetitive},
		{"aaaaaaaaab", ""},
		{"qwertyuiop", CodeTooCommon},
		{"QwErTyUiOp", CodeTooCommon},
		{"1234567890", CodeTooCommon},
		{"password123", CodeTooCommon},
		{"PASSWORD123", CodeTooCommon},
		{"ｐａｓｓｗｏｒｄ１２３", CodeTooCommon}, // full-width, NFKC → password123
		{"1q2w3e4r5t", CodeTooCommon},
		{"basketball", CodeTooCommon},
		{"password1234 ", ""}, // not in the list
		{"correct horse battery staple", ""},
		{"紫微斗数排盘2026", ""},
	}
	for _, c := range cases {
		got := Check(c.plain)
		var code string
		if got != nil {
			code = got.Code
		}
		name := c.plain
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		if code != c.want {
			t.Errorf("Check(%q) = %q, want %q", name, code, c.want)
		}
	}
}

func TestCheckCountsNormalizedCharacters(t *testing.T) {
	// Ten letters, five of them written as e + combining acute: 15 code
	// points as typed, 10 after NFKC composes them.
	s := strings.Repeat("e\u0301", 5) + "xyzab"
	if p := Check(s); p != nil {
		t.Fatalf("Check(%q) = %v, want nil", s, p)
	}
	s = strings.Repeat("e\u0301", 4) + "xyzab" // 9 characters
	if p := Check(s); p == nil || p.Code != CodeTooShort {
		t.Fatalf("Check(%q) = %v, want too_short", s, p)
	}
}

func TestCommonList(t *testing.T) {
	set := commonSet()
	if len(set) < 10000 {
		t.Fatalf("common-password list has %d entries, want at least 10000", len(set))
	}
	long := 0
	for p := range set {
		if p != foldKey(p) {
			t.Fatalf("entry %q not in folded form", p)
		}
		if len([]rune(p)) >= MinLength {
			long++
		}
	}
	if long < 1000 {
		t.Fatalf("only %d entries could pass the length rule", long)
	}
	for _, p := range []string{"123456", "password", "qwerty", "1qaz2wsx3edc", "manchester"} {
		if _, ok := set[p]; !ok {
			t.Errorf("%q missing from the common-password list", p)
		}
	}
}

// The embedded file is as the generator writes it: sorted, unique,
// lower-case, one per line.
func TestCommonListFileIsCanonical(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(commonGz))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if !slices.IsSorted(lines) || len(slices.Compact(slices.Clone(lines))) != len(lines) {
		t.Fatal("list is not sorted and unique")
	}
	for _, l := range lines {
		if l == "" || l != strings.ToLower(l) || strings.TrimSpace(l) != l {
			t.Fatalf("entry %q", l)
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	commonSet()
	for b.Loop() {
		Check("correct horse battery staple")
	}
}
