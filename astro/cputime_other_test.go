//go:build !unix

package astro

import "time"

func processCPU() time.Duration { return 0 }
