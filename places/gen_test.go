package places

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedDataUpToDate regenerates the data from the npm packages, when
// they are installed as README.md says, and compares it with the embedded
// copy. It skips when they are not, or are not the pinned versions.
func TestGeneratedDataUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	src := os.Getenv("PLACES_GEN_SRC")
	if src == "" {
		src = filepath.Join("..", ".cache", "gazetteer-src", "node_modules") // make gazetteer-src
	}
	// make test installs the sources; under CI their absence is a failure,
	// so a stale embedded file can never pass unchecked.
	skip := t.Skipf
	if os.Getenv("CI") == "true" {
		skip = t.Fatalf
	}
	if _, err := os.Stat(filepath.Join(src, "city-timezones")); err != nil {
		skip("sources not installed in %s (make gazetteer-src, or see README.md)", src)
	}
	if _, err := exec.LookPath("node"); err != nil {
		skip("node not installed")
	}
	out := filepath.Join(t.TempDir(), "places.tsv.gz")
	cmd := exec.Command("go", "run", "./internal/gen", "-src", src, "-out", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if strings.Contains(stderr.String(), "or pass -any-version") {
			skip("sources are not the pinned versions: %s", stderr.String())
		}
		t.Fatalf("generator: %v\n%s", err, stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gunzip(t, got), gunzip(t, embedded)) {
		t.Error("data/places.tsv.gz is stale: run go generate ./places")
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
