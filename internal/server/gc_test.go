package server

import (
	"runtime/debug"
	"testing"
)

// serve raises the GC target unless the operator chose one with GOGC.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	debug.SetGCPercent(100)
	if got := TuneGC(func(string) string { return "" }); got != ServeGCPercent {
		t.Fatalf("without GOGC: %d", got)
	}
	if now := debug.SetGCPercent(ServeGCPercent); now != ServeGCPercent {
		t.Fatalf("GC percent in force: %d, want %d", now, ServeGCPercent)
	}
	debug.SetGCPercent(150) // as if the runtime had read GOGC=150
	env := map[string]string{"GOGC": "150"}
	if got := TuneGC(func(k string) string { return env[k] }); got != 150 {
		t.Fatalf("with GOGC=150: %d", got)
	}
	if now := debug.SetGCPercent(150); now != 150 {
		t.Fatalf("GOGC=150 was overridden: %d", now)
	}
}
