//go:build !unix

package ziwei

import "time"

func processCPU() time.Duration { return 0 }
