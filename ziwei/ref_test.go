package ziwei

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// refDir returns the node_modules directory holding iztro 2.6.1 (make
// ziwei-ref), or skips the test — fails it under CI, where make test
// installs it, so that the reference checks cannot pass unchecked.
func refDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("ZIWEI_REF_DIR")
	if dir == "" {
		dir = filepath.Join("..", ".cache", "iztro", "node_modules")
	}
	skip := t.Skipf
	if os.Getenv("CI") == "true" {
		skip = t.Fatalf
	}
	if _, err := os.Stat(filepath.Join(dir, "iztro", "package.json")); err != nil {
		skip("iztro not installed in %s (make ziwei-ref)", dir)
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
