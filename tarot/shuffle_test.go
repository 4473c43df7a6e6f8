package tarot

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

func seeded(n byte) *rand.ChaCha8 {
	var seed [32]byte
	seed[0] = n
	return rand.NewChaCha8(seed)
}

// TestShuffleUnbiased: over many draws from a seeded reader every card
// comes first about equally often (chi-square with 77 degrees of freedom
// under its 0.1% critical value), and about half the cards are reversed.
func TestShuffleUnbiased(t *testing.T) {
	s, _ := SpreadByID("celtic-cross")
	const draws = 39000 // 500 expected per card
	var first [78]int
	reversed, cards := 0, 0
	r := seeded(1)
	for range draws {
		d, err := Shuffle(r, s, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Cards) != 10 {
			t.Fatalf("%d cards", len(d.Cards))
		}
		seen := map[string]bool{}
		for i, c := range d.Cards {
			if seen[c.Card.ID] || c.Position != i {
				t.Fatalf("draw %+v", d)
			}
			seen[c.Card.ID] = true
			cards++
			if c.Reversed {
				reversed++
			}
		}
		first[d.Cards[0].Card.Order]++
	}
	exp := float64(draws) / 78
	chi := 0.0
	for _, n := range first {
		chi += (float64(n) - exp) * (float64(n) - exp) / exp
	}
	if chi > 121.1 { // χ²(77) at p = 0.001
		t.Errorf("first card chi-square %.1f over 77 degrees of freedom: %v", chi, first)
	}
	if chi < 43.0 { // suspiciously even (χ²(77) at p = 0.999)
		t.Errorf("first card chi-square %.1f is too even: %v", chi, first)
	}
	// 390000 coins: sd ≈ 316; allow 4 sd.
	if d := reversed - cards/2; d > 1264 || d < -1264 {
		t.Errorf("%d of %d reversed", reversed, cards)
	}
}

func TestShuffleWithoutReversals(t *testing.T) {
	s, _ := SpreadByID("relationship")
	r := seeded(2)
	for range 200 {
		d, err := Shuffle(r, s, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range d.Cards {
			if c.Reversed {
				t.Fatal("reversed with reversals off")
			}
		}
	}
}

// The same bytes give the same draw; a reader that runs dry is an error.
func TestShuffleDeterministicAndReaderErrors(t *testing.T) {
	s, _ := SpreadByID("three-card")
	a, _ := Shuffle(seeded(3), s, true)
	b, _ := Shuffle(seeded(3), s, true)
	for i := range a.Cards {
		if a.Cards[i] != b.Cards[i] {
			t.Fatalf("%v != %v", a.Cards, b.Cards)
		}
	}
	if _, err := Shuffle(bytes.NewReader(make([]byte, 10)), s, true); err == nil {
		t.Error("short reader: no error")
	}
}

func TestIntnRejectsTheBiasedTail(t *testing.T) {
	// 0xFFFFFFFF is past the largest multiple of 78 below 2^32, so it is
	// skipped and the next value (5) is used.
	buf := append(make([]byte, 0, 256), 0xff, 0xff, 0xff, 0xff, 5, 0, 0, 0)
	buf = buf[:256]
	src := &randSource{r: bytes.NewReader(buf)}
	if n, err := src.intn(78); err != nil || n != 5 {
		t.Errorf("intn = %d, %v", n, err)
	}
}

func TestLay(t *testing.T) {
	s, _ := SpreadByID("three-card")
	f, _ := CardByID("fool")
	a, _ := CardByID("ace-of-cups")
	w, _ := CardByID("tower")
	d, err := Lay(s, []*Card{f, a, w}, []bool{false, true, false}, true)
	if err != nil || d.Cards[1].Card != a || !d.Cards[1].Reversed || d.Cards[2].Position != 2 {
		t.Fatalf("%+v %v", d, err)
	}
	for name, tc := range map[string]struct {
		cards []*Card
		rev   []bool
		revOn bool
	}{
		"too few":         {[]*Card{f, a}, []bool{false, false}, true},
		"twice":           {[]*Card{f, a, f}, []bool{false, false, false}, true},
		"reversed w/o on": {[]*Card{f, a, w}, []bool{false, true, false}, false},
	} {
		if _, err := Lay(s, tc.cards, tc.rev, tc.revOn); !errors.Is(err, ErrBadDraw) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
