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

// BenchmarkFace is a face served from the cache; BenchmarkFaceDraw draws
// one from nothing.
func BenchmarkFace(b *testing.B) {
	c, _ := CardByID("ten-of-cups")
	Face(c, "zh-Hant")
	for b.Loop() {
		_ = Face(c, "zh-Hant")
	}
}

func BenchmarkFaceDraw(b *testing.B) {
	d := Deck()
	i := 0
	for b.Loop() {
		_ = drawFace(&d[i%78], "en")
		i++
	}
}
