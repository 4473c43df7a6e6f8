package tarot

import (
	"bytes"
	"testing"
)

// FuzzShuffle: any bytes as randomness give a draw of distinct cards in
// position order, or an error when they run out; never a panic.
func FuzzShuffle(f *testing.F) {
	f.Add(bytes.Repeat([]byte{0xff}, 600), uint8(2), true)
	f.Add(make([]byte, 512), uint8(0), false)
	f.Add([]byte("short"), uint8(1), true)
	f.Fuzz(func(t *testing.T, rnd []byte, spread uint8, reversals bool) {
		s := &Spreads()[int(spread)%len(Spreads())]
		d, err := Shuffle(bytes.NewReader(rnd), s, reversals)
		if err != nil {
			return
		}
		if len(d.Cards) != len(s.Positions) || d.Spread != s {
			t.Fatalf("%d cards for %s", len(d.Cards), s.ID)
		}
		seen := map[string]bool{}
		for i, c := range d.Cards {
			if c.Card == nil || seen[c.Card.ID] || c.Position != i || (c.Reversed && !reversals) {
				t.Fatalf("card %d: %+v", i, c)
			}
			seen[c.Card.ID] = true
		}
	})
}
