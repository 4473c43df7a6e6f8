// Package noderef finds the npm reference libraries the engines are
// generated from and checked against (make ziwei-ref, astro-ref,
// iching-ref), for their tests. A missing reference skips the test, and
// fails it under CI=true, where make test installs it, so the reference
// checks cannot pass unchecked.
package noderef

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Dir returns the absolute node_modules directory holding pkg: $env when
// set, else ../.cache/<cache>/node_modules (an engine's tests run in its
// package directory, one below the module root). It skips (or under CI
// fails) the test when pkg or node is missing.
func Dir(t testing.TB, env, cache, pkg string) string {
	t.Helper()
	dir := os.Getenv(env)
	if dir == "" {
		dir = filepath.Join("..", ".cache", cache, "node_modules")
	}
	skip := t.Skipf
	if os.Getenv("CI") == "true" {
		skip = t.Fatalf
	}
	if _, err := os.Stat(filepath.Join(dir, pkg, "package.json")); err != nil {
		skip("%s not installed in %s (make %s)", pkg, dir, target(cache))
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

// target names the make target that installs a cache directory.
func target(cache string) string {
	switch cache {
	case "iztro":
		return "ziwei-ref"
	case "astronomy-engine":
		return "astro-ref"
	}
	return cache + "-ref"
}

// Regenerate runs the package's generator (go run ./internal/gen -ref
// ref -out FILE, plus args) and returns what it wrote.
func Regenerate(t testing.TB, ref, name string, args ...string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("go", append([]string{"run", "./internal/gen", "-ref", ref, "-out", out}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("generator: %v\n%s", err, stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// UpToDate regenerates the committed file name and fails the test when
// it differs.
func UpToDate(t testing.TB, ref, name string) {
	t.Helper()
	committed, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(Regenerate(t, ref, name), committed) {
		t.Errorf("%s is stale: run go run ./internal/gen in its package", name)
	}
}
