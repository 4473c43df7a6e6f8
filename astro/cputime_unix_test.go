//go:build unix

package astro

import (
	"syscall"
	"time"
)

// processCPU returns the user+system CPU time of the process, so that a
// benchmark can report CPU per chart beside wall time on a shared machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
