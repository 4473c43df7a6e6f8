package tarot

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Drawn is one card laid in a spread.
type Drawn struct {
	Card     *Card
	Position int // 0-based index into the spread's Positions
	Reversed bool
}

// Draw is a spread laid out: one card per position, in position order.
type Draw struct {
	Spread    *Spread
	Cards     []Drawn
	Reversals bool // whether cards could come out reversed
}

// ErrBadDraw is returned by Lay for a draw that cannot be (wrong number of
// cards, a card twice, a reversal with reversals off).
var ErrBadDraw = errors.New("tarot: bad draw")

// randSource reads unbiased small integers from r, a few bytes at a time.
type randSource struct {
	r   io.Reader
	buf [256]byte
	n   int // bytes used in buf
}

func (s *randSource) bytes(k int) ([]byte, error) {
	if s.n == 0 || s.n+k > len(s.buf) {
		if _, err := io.ReadFull(s.r, s.buf[:]); err != nil {
			return nil, fmt.Errorf("tarot: read randomness: %w", err)
		}
		s.n = 0
	}
	b := s.buf[s.n : s.n+k]
	s.n += k
	return b, nil
}

// intn is a uniform integer in [0, n), n ≥ 1: 32-bit values at or above
// the largest multiple of n are rejected, so no value is favoured.
func (s *randSource) intn(n int) (int, error) {
	limit := (1 << 32) / uint64(n) * uint64(n)
	for {
		b, err := s.bytes(4)
		if err != nil {
			return 0, err
		}
		if v := uint64(binary.LittleEndian.Uint32(b)); v < limit {
			return int(v % uint64(n)), nil
		}
	}
}

// Shuffle shuffles the 78 cards (Fisher–Yates, every integer drawn
// unbiased from r: crypto/rand.Reader in production) and lays the top
// cards in the spread's positions; with reversals each card is reversed
// with probability 1/2. The only error is r failing.
func Shuffle(r io.Reader, s *Spread, reversals bool) (Draw, error) {
	deck := Deck()
	src := &randSource{r: r}
	var order [78]int
	for i := range order {
		order[i] = i
	}
	for i := len(order) - 1; i > 0; i-- {
		j, err := src.intn(i + 1)
		if err != nil {
			return Draw{}, err
		}
		order[i], order[j] = order[j], order[i]
	}
	d := Draw{Spread: s, Reversals: reversals, Cards: make([]Drawn, len(s.Positions))}
	for p := range d.Cards {
		d.Cards[p] = Drawn{Card: &deck[order[p]], Position: p}
		if reversals {
			b, err := src.bytes(1)
			if err != nil {
				return Draw{}, err
			}
			d.Cards[p].Reversed = b[0]&1 == 1
		}
	}
	return d, nil
}

// Lay is the draw of the given cards in the spread's positions, in order
// (as a saved or linked draw names them). It refuses, with ErrBadDraw, a
// count other than the spread's, a card twice and a reversed card when
// reversals are off.
func Lay(s *Spread, cards []*Card, reversed []bool, reversals bool) (Draw, error) {
	if len(cards) != len(s.Positions) || len(reversed) != len(cards) {
		return Draw{}, fmt.Errorf("%w: %s takes %d cards, not %d", ErrBadDraw, s.ID, len(s.Positions), len(cards))
	}
	d := Draw{Spread: s, Reversals: reversals, Cards: make([]Drawn, len(cards))}
	seen := map[string]bool{}
	for i, c := range cards {
		if seen[c.ID] {
			return Draw{}, fmt.Errorf("%w: %s twice", ErrBadDraw, c.ID)
		}
		seen[c.ID] = true
		if reversed[i] && !reversals {
			return Draw{}, fmt.Errorf("%w: %s reversed with reversals off", ErrBadDraw, c.ID)
		}
		d.Cards[i] = Drawn{Card: c, Position: i, Reversed: reversed[i]}
	}
	return d, nil
}
