// Package buildinfo holds the version stamped into the binary at link time.
package buildinfo

// Set with -ldflags "-X github.com/bazi-master/bazi-master/internal/buildinfo.Version=v1.2.3 ...".
var (
	Version = "dev"
	Commit  = "unknown"
	Date    = ""
)
