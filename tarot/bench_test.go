package tarot

import (
	"crypto/rand"
	"testing"
)

func BenchmarkShuffle(b *testing.B) {
	s, _ := SpreadByID("celtic-cross")
	for b.Loop() {
		if _, err := Shuffle(rand.Reader, s, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFace draws every card's face in turn.
func BenchmarkFace(b *testing.B) {
	d := Deck()
	i := 0
	for b.Loop() {
		_ = Face(&d[i%78], "zh-Hant")
		i++
	}
}
