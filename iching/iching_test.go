package iching

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestHexagramData checks the embedded texts' structure: 64 entries in
// order, unique names, the trigrams agreeing with the lines (load checks
// that against the generated King Wen table), six non-empty line texts in
// every language, 用九/用六 only for 乾 and 坤.
func TestHexagramData(t *testing.T) {
	names := map[string]int{}
	for i, h := range All64() {
		if h.Number != i+1 {
			t.Fatalf("entry %d is hexagram %d", i, h.Number)
		}
		for _, n := range []string{h.Name.Hans, h.Name.Hant, h.Name.Pinyin, h.Name.En} {
			if strings.TrimSpace(n) == "" {
				t.Errorf("%d: a name is empty: %+v", h.Number, h.Name)
			}
		}
		if prev, dup := names[h.Name.Hans]; dup {
			t.Errorf("%d and %d are both named %s", prev, h.Number, h.Name.Hans)
		}
		names[h.Name.Hans] = h.Number
		texts := []Text{h.Judgment, h.Image, h.Gloss}
		texts = append(texts, h.Lines[:]...)
		for j, tx := range texts {
			for _, lang := range []string{"en", "zh-Hans", "zh-Hant", "ja", "ko"} {
				if strings.TrimSpace(tx.In(lang)) == "" {
					t.Errorf("%d: text %d empty in %s", h.Number, j, lang)
				}
			}
			if utf8.RuneCountInString(tx.Hans) != utf8.RuneCountInString(tx.Hant) && j < 3+6 && j != 2 {
				t.Errorf("%d: text %d differs in length between scripts: %q / %q", h.Number, j, tx.Hans, tx.Hant)
			}
		}
		if (h.All != nil) != (h.Number <= 2) {
			t.Errorf("%d: 用九/用六 present = %v", h.Number, h.All != nil)
		}
		if ByPattern(h.Pattern).Number != h.Number {
			t.Errorf("%d: pattern %06b maps to %d", h.Number, h.Pattern, ByPattern(h.Pattern).Number)
		}
	}
	if len(names) != 64 {
		t.Errorf("%d distinct names", len(names))
	}
}

// TestWellKnownTexts spot-checks texts every reader knows.
func TestWellKnownTexts(t *testing.T) {
	for _, c := range []struct {
		n         int
		got, want string
	}{
		{1, ByNumber(1).Judgment.Hans, "元亨利贞"},
		{1, ByNumber(1).Image.Hans, "天行健，君子以自强不息"},
		{1, ByNumber(1).Lines[0].Hans, "潜龙勿用"},
		{1, ByNumber(1).Lines[4].Hans, "飞龙在天，利见大人"},
		{1, ByNumber(1).Lines[5].Hans, "亢龙有悔"},
		{1, ByNumber(1).All.Hans, "见群龙无首，吉"},
		{2, ByNumber(2).Image.Hans, "地势坤，君子以厚德载物"},
		{2, ByNumber(2).Image.Hant, "地勢坤，君子以厚德載物"},
		{2, ByNumber(2).Lines[0].Hans, "履霜，坚冰至"},
		{11, ByNumber(11).Name.Hans, "泰"},
		{12, ByNumber(12).Name.Hans, "否"},
		{63, ByNumber(63).Name.Hans, "既济"},
		{64, ByNumber(64).Name.Hant, "未濟"},
	} {
		if !strings.HasPrefix(c.got, c.want) {
			t.Errorf("hexagram %d: %q, want it to begin %q", c.n, c.got, c.want)
		}
	}
}

func TestLineLabels(t *testing.T) {
	q, k, zhun := ByNumber(1), ByNumber(2), ByNumber(3)
	for _, c := range []struct{ got, want string }{
		{q.LineLabel(1, "zh-Hans"), "初九"}, {q.LineLabel(5, "zh-Hant"), "九五"}, {q.LineLabel(6, "zh-Hans"), "上九"},
		{k.LineLabel(2, "zh-Hans"), "六二"}, {k.LineLabel(6, "zh-Hans"), "上六"},
		{zhun.LineLabel(1, "zh-Hans"), "初九"}, {zhun.LineLabel(5, "zh-Hans"), "九五"}, {zhun.LineLabel(4, "zh-Hans"), "六四"},
		{q.LineLabel(1, "en"), "Nine at the beginning"}, {k.LineLabel(3, "en"), "Six in the third place"},
		{q.AllLabel("zh-Hans"), "用九"}, {k.AllLabel("zh-Hant"), "用六"},
		{q.Symbol(), "䷀"}, {ByNumber(64).Symbol(), "䷿"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestParseLines(t *testing.T) {
	c, err := ParseLines("789789")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Changing(); len(got) != 2 || got[0] != 3 || got[1] != 6 {
		t.Errorf("changing %v, want [3 6]", got)
	}
	// 7 8 9 7 8 9 bottom up: yang yin yang yang yin yang = 离 under 离? lower
	// 7,8,9 = yang,yin,yang = 离; upper the same: 离为火, 30.
	if c.Primary().Number != 30 {
		t.Errorf("primary %d, want 30 (離)", c.Primary().Number)
	}
	// Lines 3 and 6 turn: lower yang,yin,yin = 震, upper 震: 51.
	if r := c.Resulting(); r == nil || r.Number != 51 {
		t.Errorf("resulting %v, want 51 (震)", r)
	}
	if c.String() != "789789" {
		t.Errorf("String %q", c.String())
	}
	for _, bad := range []string{"", "78978", "7897890", "789785", "78978a", "７８９７８９"} {
		if _, err := ParseLines(bad); err == nil {
			t.Errorf("ParseLines(%q) accepted", bad)
		}
	}
	still, _ := ParseLines("777777")
	if still.Resulting() != nil || still.Primary().Number != 1 {
		t.Error("777777 is 乾 unchanging")
	}
}

func TestRelatedHexagrams(t *testing.T) {
	// 屯 (3): nuclear 剥 (23), opposite 鼎 (50), reversed 蒙 (4).
	h := ByNumber(3)
	if h.Nuclear().Number != 23 || h.Opposite().Number != 50 || h.Reversed().Number != 4 {
		t.Errorf("屯: nuclear %d opposite %d reversed %d, want 23 50 4", h.Nuclear().Number, h.Opposite().Number, h.Reversed().Number)
	}
	// 既济 (63): nuclear 未济 (64).
	if ByNumber(63).Nuclear().Number != 64 {
		t.Error("既济's nuclear is 未济")
	}
}

// TestGuideRules walks the reading rules for 0 to 6 changing lines.
func TestGuideRules(t *testing.T) {
	cases := []struct {
		lines string
		rule  string
		parts []Part
	}{
		{"777777", "none", []Part{{FromPrimary, 0}}},
		{"777797", "one", []Part{{FromPrimary, 5}}},
		{"977797", "two", []Part{{FromPrimary, 5}, {FromPrimary, 1}}},
		{"979797", "three", []Part{{FromPrimary, 0}, {FromResulting, 0}}},
		{"979799", "four", []Part{{FromResulting, 2}, {FromResulting, 4}}},
		{"999799", "five", []Part{{FromResulting, 4}}},
		{"999999", "six_all", []Part{{FromPrimary, AllLines}, {FromResulting, 0}}},
		{"666666", "six_all", []Part{{FromPrimary, AllLines}, {FromResulting, 0}}},
		{"969696", "six", []Part{{FromResulting, 0}}},
	}
	for _, c := range cases {
		cast, err := ParseLines(c.lines)
		if err != nil {
			t.Fatal(err)
		}
		g := Read(cast)
		if g.Rule != c.rule || len(g.Parts) != len(c.parts) {
			t.Errorf("%s: %+v, want %s %v", c.lines, g, c.rule, c.parts)
			continue
		}
		for i := range c.parts {
			if g.Parts[i] != c.parts[i] {
				t.Errorf("%s: part %d %+v, want %+v", c.lines, i, g.Parts[i], c.parts[i])
			}
		}
	}
	c, _ := ParseLines("999999")
	if label, text := c.Text(Part{FromPrimary, AllLines}, "zh-Hans"); label != "用九" || !strings.HasPrefix(text.Hans, "见群龙无首") {
		t.Errorf("乾 all changing reads %s %q", label, text.Hans)
	}
}

// counter is a deterministic stream of bytes (SHA-256 in counter mode) for
// testing the odds without crypto/rand.
type counter struct {
	n   uint64
	buf []byte
}

func (c *counter) Read(p []byte) (int, error) {
	for i := range p {
		if len(c.buf) == 0 {
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], c.n)
			c.n++
			s := sha256.Sum256(b[:])
			c.buf = s[:]
		}
		p[i], c.buf = c.buf[0], c.buf[1:]
	}
	return len(p), nil
}

// TestMethodOdds checks the line odds of coins (1:3:3:1) and yarrow
// (1:5:7:3) over many casts, within a chi-square bound a fair method
// passes (the reader is seeded, so the test is deterministic).
func TestMethodOdds(t *testing.T) {
	const casts = 20000
	for _, m := range []struct {
		name string
		cast func(*counter) (Cast, error)
		odds [4]float64
	}{
		{"coins", func(r *counter) (Cast, error) { return Coins(r) }, [4]float64{1. / 8, 3. / 8, 3. / 8, 1. / 8}},
		{"yarrow", func(r *counter) (Cast, error) { return Yarrow(r) }, [4]float64{1. / 16, 5. / 16, 7. / 16, 3. / 16}},
	} {
		r := &counter{}
		var seen [4]float64
		for i := 0; i < casts; i++ {
			c, err := m.cast(r)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range c.Lines {
				seen[l-6]++
			}
		}
		chi := 0.0
		for i, p := range m.odds {
			exp := p * casts * 6
			chi += (seen[i] - exp) * (seen[i] - exp) / exp
		}
		// 3 degrees of freedom: 16.27 is the 0.001 critical value.
		if chi > 16.27 {
			t.Errorf("%s: counts %v, chi-square %.1f against %v", m.name, seen, chi, m.odds)
		}
	}
}

func TestMethodsFailWithoutRandomness(t *testing.T) {
	if _, err := Coins(bytes.NewReader(nil)); err == nil {
		t.Error("Coins with no randomness succeeded")
	}
	if _, err := Yarrow(bytes.NewReader([]byte{1, 2})); err == nil {
		t.Error("Yarrow with too little randomness succeeded")
	}
}

// TestByTime checks the time method with a worked case: 2026-12-07 09:30
// is lunar 丙午 year (午 = 7), 10th month, 29th day, 巳 hour (6):
// 7+10+29 = 46, upper 46 mod 8 = 6 (坎), lower 52 mod 8 = 4 (震), moving
// 52 mod 6 = 4: 水雷屯 (3) with the fourth line moving.
func TestByTime(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	c, f, err := ByTime(time.Date(2026, 12, 7, 9, 30, 0, 0, loc))
	if err != nil {
		t.Fatal(err)
	}
	if f.YearBranch != 7 || f.LunarMonth != 10 || f.LunarDay != 29 || f.HourBranch != 6 {
		t.Fatalf("facts %+v", f)
	}
	if c.Primary().Number != 3 || len(c.Changing()) != 1 || c.Changing()[0] != 4 {
		t.Errorf("cast %s: primary %d changing %v, want 3 [4]", c, c.Primary().Number, c.Changing())
	}
	// 23:10 is 子 (1), 00:10 too, 01:00 丑 (2).
	for h, want := range map[int]int{23: 1, 0: 1, 1: 2, 12: 7} {
		_, f, _ := ByTime(time.Date(2026, 12, 7, h, 10, 0, 0, loc))
		if f.HourBranch != want {
			t.Errorf("%02d:10 is branch %d, want %d", h, f.HourBranch, want)
		}
	}
	if _, _, err := ByTime(time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("1700 accepted")
	}
}

// TestByNumbers: 5, 3, 7 → upper 5 (巽), lower 3 (离), moving 15 mod 6 =
// 3: 风火家人 (37), third line moving.
func TestByNumbers(t *testing.T) {
	c, err := ByNumbers([3]int{5, 3, 7})
	if err != nil {
		t.Fatal(err)
	}
	if c.Primary().Number != 37 || c.Changing()[0] != 3 {
		t.Errorf("cast %s: primary %d changing %v", c, c.Primary().Number, c.Changing())
	}
	// Multiples of 8 and 6 count as 8 (坤) and 6.
	c, _ = ByNumbers([3]int{16, 8, 8})
	if c.Primary().Number != 2 || c.Changing()[0] != 2 {
		t.Errorf("16 8 8: primary %d changing %v, want 2 [2]", c.Primary().Number, c.Changing())
	}
	for _, bad := range [][3]int{{0, 1, 1}, {1, -1, 1}, {1, 1, MaxNumber + 1}} {
		if _, err := ByNumbers(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func FuzzParseLines(f *testing.F) {
	for _, s := range []string{"789789", "666666", "", "7", "9999999", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseLines(s)
		if err != nil {
			return
		}
		if c.String() != s {
			t.Fatalf("round trip %q → %q", s, c.String())
		}
		if c.Primary() == nil {
			t.Fatal("no primary")
		}
		if (c.Resulting() == nil) != (len(c.Changing()) == 0) {
			t.Fatal("resulting disagrees with changing lines")
		}
		Read(c)
	})
}

func BenchmarkCoins(b *testing.B) {
	r := &counter{}
	for b.Loop() {
		c, _ := Coins(r)
		_ = Read(c)
	}
}

// BenchmarkCast is a cast as the page makes one: three coins from
// crypto/rand, the guide, and the resulting and nuclear hexagrams.
func BenchmarkCast(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c, err := Coins(rand.Reader)
		if err != nil {
			b.Fatal(err)
		}
		_ = Read(c)
		_ = c.Resulting()
		_ = c.Primary().Nuclear()
	}
}
