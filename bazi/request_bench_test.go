package bazi

import (
	"testing"
	"time"
	"unsafe"
)

// BenchmarkParseIANAZone is the zone lookup of every chart request: the
// cached path against time.LoadLocation, which reads the zone file.
func BenchmarkParseIANAZone(b *testing.B) {
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if _, err := LoadZone("America/New_York"); err != nil {
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
func TestLoadZoneCacheKeepsAnswers(t *testing.T) {
	for range 2 {
		loc, err := LoadZone("Asia/Shanghai")
		if err != nil || loc.String() != "Asia/Shanghai" {
			t.Fatalf("Asia/Shanghai: %v %v", loc, err)
		}
		if _, err := LoadZone("Asia/Atlantis"); err == nil || err.Code != "unknown_tz" {
			t.Fatalf("Asia/Atlantis: %v", err)
		}
	}
}

// A server hands LoadZone strings that borrow its request buffers (Fiber
// does): once the buffer is reused, the cached zone must be unchanged.
func TestLoadZoneCacheOwnsItsKeys(t *testing.T) {
	buf := []byte("Europe/Lisbon")
	loc, err := LoadZone(unsafe.String(&buf[0], len(buf)))
	if err != nil {
		t.Fatal(err)
	}
	copy(buf, "Europe/Berlin")
	if loc.String() != "Europe/Lisbon" {
		t.Fatalf("the zone's name changed with the request buffer: %q", loc.String())
	}
	again, err := LoadZone("Europe/Lisbon")
	if err != nil || again.String() != "Europe/Lisbon" {
		t.Fatalf("Europe/Lisbon after reuse: %v %v", again, err)
	}
	berlin, err := LoadZone("Europe/Berlin")
	if err != nil || berlin.String() != "Europe/Berlin" {
		t.Fatalf("Europe/Berlin: %v %v", berlin, err)
	}
}
