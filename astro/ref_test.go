package astro

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// refDir returns the node_modules directory holding astronomy-engine
// 2.1.19 (make astro-ref), or skips the test — fails it under CI, where
// make test installs it, so that the reference checks cannot pass
// unchecked.
func refDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("ASTRO_REF_DIR")
	if dir == "" {
		dir = filepath.Join("..", ".cache", "astronomy-engine", "node_modules")
	}
	skip := t.Skipf
	if os.Getenv("CI") == "true" {
		skip = t.Fatalf
	}
	if _, err := os.Stat(filepath.Join(dir, "astronomy-engine", "package.json")); err != nil {
		skip("astronomy-engine not installed in %s (make astro-ref)", dir)
	}
	if _, err := exec.LookPath("node"); err != nil {
		skip("node not installed")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
