package iching

import (
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/bazi-master/bazi-master/internal/noderef"
)

// refDir is the node_modules directory holding i-ching (make iching-ref); see
// noderef.Dir.
func refDir(t testing.TB) string { return noderef.Dir(t, "ICHING_REF_DIR", "i-ching", "i-ching") }

// TestAgainstIChingPackage compares every cast there is (64 hexagrams ×
// 64 sets of changing lines: all 4,096 resulting hexagrams) and every
// hexagram's nuclear, opposite and reversed hexagrams and trigrams with
// the i-ching package.
func TestAgainstIChingPackage(t *testing.T) {
	ref := refDir(t)
	out, err := exec.Command("node", "testdata/ref.js", ref).Output()
	if err != nil {
		t.Fatalf("node testdata/ref.js: %v", err)
	}
	var want []struct {
		Number                      int
		Changes                     []*int
		Nuclear, Opposite, Reversed int
		Upper, Lower                string
	}
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	if len(want) != 64 {
		t.Fatalf("reference gave %d hexagrams", len(want))
	}
	for _, w := range want {
		h := ByNumber(w.Number)
		for mask, to := range w.Changes {
			var c Cast
			for i := range c.Lines {
				yang, moving := h.Yang(i+1), mask&(1<<i) != 0
				switch {
				case yang && moving:
					c.Lines[i] = OldYang
				case yang:
					c.Lines[i] = YoungYang
				case moving:
					c.Lines[i] = OldYin
				default:
					c.Lines[i] = YoungYin
				}
			}
			if got := c.Primary().Number; got != w.Number {
				t.Fatalf("cast %s: primary %d, want %d", c, got, w.Number)
			}
			r := c.Resulting()
			switch {
			case to == nil && r != nil:
				t.Errorf("cast %s: resulting %d, want none", c, r.Number)
			case to != nil && (r == nil || r.Number != *to):
				t.Errorf("cast %s: resulting %v, want %d", c, r, *to)
			}
		}
		if got := h.Nuclear().Number; got != w.Nuclear {
			t.Errorf("%d: nuclear %d, want %d", w.Number, got, w.Nuclear)
		}
		if got := h.Opposite().Number; got != w.Opposite {
			t.Errorf("%d: opposite %d, want %d", w.Number, got, w.Opposite)
		}
		if got := h.Reversed().Number; got != w.Reversed {
			t.Errorf("%d: reversed %d, want %d", w.Number, got, w.Reversed)
		}
		if got := h.Upper().Name("zh-Hant"); got != w.Upper {
			t.Errorf("%d: upper %s, want %s", w.Number, got, w.Upper)
		}
		if got := h.Lower().Name("zh-Hant"); got != w.Lower {
			t.Errorf("%d: lower %s, want %s", w.Number, got, w.Lower)
		}
	}
}

// TestKingWenUpToDate regenerates kingwen_gen.go from the installed
// i-ching package and compares it with the committed file.
func TestKingWenUpToDate(t *testing.T) { noderef.UpToDate(t, refDir(t), "kingwen_gen.go") }
