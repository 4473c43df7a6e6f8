package server

import "runtime/debug"

// ServeGCPercent is the garbage collector's target when the operator has
// not set GOGC. The app's live heap is small (under 20 MB: the gazetteer and
// the solar-term table) and every page allocates its view, so at Go's
// default of 100 the collector runs several times a second under page
// load; at 400 the heap goal is about 100 MB, it runs twice a second, and
// page throughput rises by a few per cent (make bench-load).
const ServeGCPercent = 400

// TuneGC applies ServeGCPercent unless GOGC is set, and returns the
// percentage in force. `serve` calls it; so does the load benchmark, to
// measure what production runs.
func TuneGC(getenv func(string) string) int {
	if getenv("GOGC") != "" {
		// The runtime has applied it; SetGCPercent only reads it back.
		current := debug.SetGCPercent(100)
		debug.SetGCPercent(current)
		return current
	}
	debug.SetGCPercent(ServeGCPercent)
	return ServeGCPercent
}
