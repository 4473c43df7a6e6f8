package server

import (
	"testing"
	"time"
)

// The wait doubles from 500 ms to 5 s, each drawn from the upper half.
func TestBackoffGrowsWithJitter(t *testing.T) {
	for attempt, top := range map[int]time.Duration{
		1: 500 * time.Millisecond, 2: time.Second, 3: 2 * time.Second, 4: 4 * time.Second,
		5: 5 * time.Second, 9: 5 * time.Second, 100: 5 * time.Second,
	} {
		seen := map[time.Duration]bool{}
		for range 200 {
			d := backoff(attempt)
			if d < top/2 || d > top {
				t.Fatalf("attempt %d: %s outside [%s, %s]", attempt, d, top/2, top)
			}
			seen[d] = true
		}
		if len(seen) < 100 {
			t.Fatalf("attempt %d: only %d distinct waits in 200: no jitter", attempt, len(seen))
		}
	}
}
