package bazi

import (
	"testing"
	"time"
)

// BenchmarkParseIANAZone is the zone lookup of every chart request: the
// cached path against time.LoadLocation, which reads the zone file.
func BenchmarkParseIANAZone(b *testing.B) {
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if _, err := parseTZ("America/New_York"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("time.LoadLocation", func(b *testing.B) {
		for b.Loop() {
			if _, err := time.LoadLocation("America/New_York"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The cache must not change what a zone name means.
func TestParseTZCacheKeepsAnswers(t *testing.T) {
	for range 2 {
		loc, err := parseTZ("Asia/Shanghai")
		if err != nil || loc.String() != "Asia/Shanghai" {
			t.Fatalf("Asia/Shanghai: %v %v", loc, err)
		}
		if _, err := parseTZ("Asia/Atlantis"); err == nil || err.Code != "unknown_tz" {
			t.Fatalf("Asia/Atlantis: %v", err)
		}
	}
}
